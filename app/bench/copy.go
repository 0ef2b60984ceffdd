package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// CopyFigures are the online backup of the served directory and its restore.
type CopyFigures struct {
	FileBytes  int64   `json:"file_bytes"`
	Backup     Millis  `json:"backup_ms"`
	BackupMBs  float64 `json:"backup_mb_per_s"` // of the data directory's size
	Restore    Millis  `json:"restore_ms"`
	RestoreMBs float64 `json:"restore_mb_per_s"`
}

// backupAndRestore runs `backupchecks backup` against the running server
// (an online backup through its control socket) into file, then
// `backupchecks restore` of it into dir, as an admin would.
func backupAndRestore(binary, data, file, dir string, dataBytes int64) (CopyFigures, error) {
	var f CopyFigures
	took, err := timed(binary, "backup", "--data", data, "--out", file)
	if err != nil {
		return f, fmt.Errorf("online backup: %w", err)
	}
	info, err := os.Stat(file)
	if err != nil {
		return f, err
	}
	f.FileBytes, f.Backup, f.BackupMBs = info.Size(), Millis(took), perSecond(dataBytes, took)
	if took, err = timed(binary, "restore", "--in", file, "--data", dir); err != nil {
		return f, fmt.Errorf("restore: %w", err)
	}
	f.Restore, f.RestoreMBs = Millis(took), perSecond(dataBytes, took)
	return f, nil
}

// timed runs the binary with args and says how long it took.
func timed(binary string, args ...string) (time.Duration, error) {
	var out bytes.Buffer
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s %s: %w: %s", binary, args[0], err, strings.TrimSpace(out.String()))
	}
	return time.Since(start), nil
}

func perSecond(bytes int64, d time.Duration) float64 {
	return float64(bytes) / (1 << 20) / d.Seconds()
}
