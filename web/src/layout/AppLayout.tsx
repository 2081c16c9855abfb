// The signed-in frame: navigation on the left (a drawer on small screens), the user's menu at
// the top, the page in the middle.
import { AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconBell,
  IconChartBar,
  IconChevronDown,
  IconDatabase,
  IconFileCode,
  IconLogout,
  IconSettings,
  IconShieldCheck,
  IconUpload,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense, type ReactNode } from 'react';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { config } from '../config';
import { Loading } from '../components/states';
import { urls } from '../urls';
import { PrefetchPageData } from './PrefetchPageData';

interface Item {
  label: string;
  to: string;
  icon: ReactNode;
}

const sections: { label: string; items: Item[] }[] = [
  {
    label: 'Log analysis',
    items: [
      { label: 'Overview', to: urls.overview(), icon: <IconChartBar size={18} /> },
      { label: 'Alerts', to: urls.alerts(), icon: <IconAlertTriangle size={18} /> },
      { label: 'Custom logs', to: urls.customLogs(), icon: <IconFileCode size={18} /> },
    ],
  },
  {
    label: 'Detections',
    items: [
      { label: 'Rules', to: urls.detections(), icon: <IconShieldCheck size={18} /> },
      { label: 'Bulk upload', to: urls.bulkUploader(), icon: <IconUpload size={18} /> },
    ],
  },
  {
    label: 'Integrations',
    items: [
      { label: 'Log sources', to: urls.logSources(), icon: <IconDatabase size={18} /> },
      { label: 'Destinations', to: urls.destinations(), icon: <IconBell size={18} /> },
    ],
  },
  {
    label: 'Settings',
    items: [
      { label: 'General', to: urls.generalSettings(), icon: <IconSettings size={18} /> },
      { label: 'Users', to: urls.users(), icon: <IconUsers size={18} /> },
    ],
  },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const user = session.user;
  const name = [user?.givenName, user?.familyName].filter(Boolean).join(' ') || user?.email;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg">
              Panther
            </Text>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label="User menu">
                <Group gap={4}>
                  <Text size="sm">{name}</Text>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user?.email}</Menu.Label>
              <Menu.Label>Panther {config().version}</Menu.Label>
              <Menu.Item
                leftSection={<IconLogout size={14} />}
                onClick={() => {
                  void session.signOut().then(() => navigate(urls.signIn()));
                }}
              >
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <ScrollArea>
          {sections.map((section) => (
            <div key={section.label}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                {section.label}
              </Text>
              {section.items.map((item) => (
                <NavLink
                  key={item.to}
                  component={RouterLink}
                  to={item.to}
                  label={item.label}
                  leftSection={item.icon}
                  active={location.pathname.startsWith(item.to)}
                  onClick={close}
                />
              ))}
            </div>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <PrefetchPageData />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
