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

// onlineBackup runs `backupchecks backup` against the running server (an
// online backup through its control socket) into file, as an admin would.
func onlineBackup(binary, data, file string, dataBytes int64, f *CopyFigures) error {
	took, err := timed(binary, "backup", "--data", data, "--out", file)
	if err != nil {
		return fmt.Errorf("online backup: %w", err)
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	f.FileBytes, f.Backup, f.BackupMBs = info.Size(), Millis(took), perSecond(dataBytes, took)
	return nil
}

// restore runs `backupchecks restore` of file into the new directory dir.
func restore(binary, file, dir string, dataBytes int64, f *CopyFigures) error {
	took, err := timed(binary, "restore", "--in", file, "--data", dir)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	f.Restore, f.RestoreMBs = Millis(took), perSecond(dataBytes, took)
	return nil
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
