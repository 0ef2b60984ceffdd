package bench

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// memoryCgroup holds the bench's servers under a hard memory limit, so a
// run shows whether the appliance works in a VM of that size: resident
// memory alone cannot say it, since the kernel counts the pages of the
// mapped data files that it would drop first under pressure.
type memoryCgroup struct {
	dir string
	v2  bool
}

const cgroupRoot = "/sys/fs/cgroup"

// newMemoryCgroup makes a memory cgroup limited to limit bytes beside the
// bench's own (cgroup v1 or v2; it needs root or a delegated subtree).
func newMemoryCgroup(limit int64) (*memoryCgroup, error) {
	own, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, fmt.Errorf("memory limit: %w", err)
	}
	parent, v2, err := memoryParent(string(own))
	if err != nil {
		return nil, fmt.Errorf("memory limit: %w", err)
	}
	c := &memoryCgroup{dir: filepath.Join(parent, fmt.Sprintf("backupchecks-bench-%d", os.Getpid())), v2: v2}
	if v2 {
		// A v2 child has a memory controller only if its parent hands it down.
		_ = os.WriteFile(filepath.Join(parent, "cgroup.subtree_control"), []byte("+memory"), 0)
	}
	if err := os.Mkdir(c.dir, 0o755); err != nil {
		return nil, fmt.Errorf("memory limit: %w (run the bench as root, or leave --memory-limit out)", err)
	}
	limitFile, value := "memory.limit_in_bytes", strconv.FormatInt(limit, 10)
	if v2 {
		limitFile = "memory.max"
	}
	if err := os.WriteFile(filepath.Join(c.dir, limitFile), []byte(value), 0); err != nil {
		c.remove()
		return nil, fmt.Errorf("memory limit: set %s: %w", limitFile, err)
	}
	if v2 {
		_ = os.WriteFile(filepath.Join(c.dir, "memory.swap.max"), []byte("0"), 0)
	}
	return c, nil
}

// memoryParent finds the directory of this process's memory cgroup in the
// text of /proc/self/cgroup.
func memoryParent(procCgroup string) (dir string, v2 bool, err error) {
	var unified string
	sc := bufio.NewScanner(strings.NewReader(procCgroup))
	for sc.Scan() {
		id, rest, _ := strings.Cut(sc.Text(), ":")
		controllers, path, ok := strings.Cut(rest, ":")
		if !ok {
			continue
		}
		for _, name := range strings.Split(controllers, ",") {
			if name == "memory" {
				return filepath.Join(cgroupRoot, "memory", path), false, nil
			}
		}
		if id == "0" && controllers == "" {
			unified = path
		}
	}
	if unified != "" {
		return filepath.Join(cgroupRoot, unified), true, nil
	}
	return "", false, errors.New("this process is in no memory cgroup")
}

// add moves a process into the cgroup.
func (c *memoryCgroup) add(pid int) error {
	if err := os.WriteFile(filepath.Join(c.dir, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
		return fmt.Errorf("memory limit: move the server into %s: %w", c.dir, err)
	}
	return nil
}

// read is one of the cgroup's files, named as cgroup v1 or v2 names it.
func (c *memoryCgroup) read(v1, v2 string) string {
	name := v1
	if c.v2 {
		name = v2
	}
	b, _ := os.ReadFile(filepath.Join(c.dir, name))
	return string(b)
}

// peak is the most memory ever charged to the cgroup: the servers' own
// memory and the page cache they brought in.
func (c *memoryCgroup) peak() int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(c.read("memory.max_usage_in_bytes", "memory.peak")), 10, 64)
	return n
}

// oomKills is how many processes the kernel killed for want of memory.
func (c *memoryCgroup) oomKills() int {
	return oomKillCount(c.read("memory.oom_control", "memory.events"))
}

func oomKillCount(stat string) int {
	for _, line := range strings.Split(stat, "\n") {
		if v, ok := strings.CutPrefix(line, "oom_kill "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

// remove deletes the cgroup once its processes have ended.
func (c *memoryCgroup) remove() { _ = os.Remove(c.dir) }
