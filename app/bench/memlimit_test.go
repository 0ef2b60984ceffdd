package bench

import "testing"

func TestMemoryParent(t *testing.T) {
	cases := []struct {
		name, proc, dir string
		v2, fails       bool
	}{
		{"v1", "5:cpu,cpuacct:/x\n4:memory:/process_api/abc\n0::/\n", "/sys/fs/cgroup/memory/process_api/abc", false, false},
		{"v1 joined controllers", "3:memory,hugetlb:/user.slice\n", "/sys/fs/cgroup/memory/user.slice", false, false},
		{"v2", "0::/system.slice/backupchecks.service\n", "/sys/fs/cgroup/system.slice/backupchecks.service", true, false},
		{"none", "1:name=systemd:/\n", "", false, true},
	}
	for _, c := range cases {
		dir, v2, err := memoryParent(c.proc)
		if (err != nil) != c.fails || dir != c.dir || v2 != c.v2 {
			t.Errorf("%s: memoryParent = %q, %v, %v; want %q, %v, fails %v", c.name, dir, v2, err, c.dir, c.v2, c.fails)
		}
	}
}

func TestOOMKillCount(t *testing.T) {
	if n := oomKillCount("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"); n != 3 {
		t.Errorf("v1 oom_control: %d kills, want 3", n)
	}
	if n := oomKillCount("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n"); n != 1 {
		t.Errorf("v2 memory.events: %d kills, want 1", n)
	}
}
