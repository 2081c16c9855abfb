package localaws

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// persistInterval is how often dirty state is written; writes coalesce so a
// burst of requests costs one write.
const persistInterval = 100 * time.Millisecond

// persister writes the state file in the background whenever state changed.
type persister struct {
	emu   *Emulator
	path  string
	dirty chan struct{}
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
}

func newPersister(e *Emulator, path string) *persister {
	p := &persister{
		emu: e, path: path,
		dirty: make(chan struct{}, 1),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go p.loop()
	return p
}

func (p *persister) markDirty() {
	select {
	case p.dirty <- struct{}{}:
	default:
	}
}

func (p *persister) loop() {
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			p.write()
			return
		case <-p.dirty:
			p.write()
			select {
			case <-p.quit:
				p.write()
				return
			case <-time.After(persistInterval):
			}
		}
	}
}

func (p *persister) write() {
	p.emu.mu.Lock()
	data, err := json.Marshal(p.emu.state)
	p.emu.mu.Unlock()
	if err == nil {
		err = writeFileAtomic(p.path, data)
	}
	if err != nil {
		p.emu.logger.Error("write state file", "path", p.path, "error", err)
	}
}

func (p *persister) stop() {
	p.once.Do(func() {
		close(p.quit)
		<-p.done
	})
}

// writeFileAtomic writes through a temporary file and a rename, so a crash
// never leaves a half-written state file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadState reads a state file; a missing file yields nil and no error.
func loadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s := newState()
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	s.normalize()
	return s, nil
}

// normalize re-creates maps that JSON left nil, so handlers can write.
func (s *State) normalize() {
	if s.Accounts == nil {
		s.Accounts = map[string]*Account{}
	}
	if s.Buckets == nil {
		s.Buckets = map[string]*Bucket{}
	}
	if s.Sessions == nil {
		s.Sessions = map[string]*Session{}
	}
	for _, a := range s.Accounts {
		if a.Roles == nil {
			a.Roles = map[string]*Role{}
		}
		if a.Regions == nil {
			a.Regions = map[string]*Region{}
		}
		for _, r := range a.Regions {
			if r.LogGroups == nil {
				r.LogGroups = map[string]*LogGroup{}
			}
			if r.Stacks == nil {
				r.Stacks = map[string]*Stack{}
			}
			if r.Exports == nil {
				r.Exports = map[string]*Export{}
			}
			if r.Resources == nil {
				r.Resources = map[string]*GenericResource{}
			}
		}
	}
}
