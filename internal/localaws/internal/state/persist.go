package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	store  *Store
	logger *slog.Logger
	path   string
	dirty  chan struct{}
	quit   chan struct{}
	done   chan struct{}
	once   sync.Once
}

// Persist writes the state to path from now on, shortly after every change.
func (st *Store) Persist(path string, logger *slog.Logger) {
	p := &persister{
		store: st, logger: logger, path: path,
		dirty: make(chan struct{}, 1),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	st.persist = p
	go p.loop()
}

// Close writes the state file a last time and stops writing it.
func (st *Store) Close() {
	if st.persist != nil {
		st.persist.stop()
	}
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
	p.store.mu.Lock()
	data, err := json.Marshal(p.store.state)
	p.store.mu.Unlock()
	if err == nil {
		err = writeFileAtomic(p.path, data)
	}
	if err != nil {
		p.logger.Error("write state file", "path", p.path, "error", err)
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

// Load reads a state file; a missing file yields nil and no error.
func Load(path string, layout *Layout) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s := New(layout)
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return s, nil
}
