package accounts

// Theme is a user's choice of colours for the UI. The zero value follows
// the device's light or dark setting, so users stored before the choice
// existed need no migration.
type Theme string

const (
	ThemeSystem Theme = ""      // follow the device (prefers-color-scheme)
	ThemeLight  Theme = "light" // always light
	ThemeDark   Theme = "dark"  // always dark
)

// Themes in the order the account page offers them.
var Themes = []Theme{ThemeSystem, ThemeLight, ThemeDark}

// ParseTheme reads a form value; "system" and "" both mean ThemeSystem.
func ParseTheme(s string) (Theme, error) {
	switch s {
	case "", "system":
		return ThemeSystem, nil
	case string(ThemeLight):
		return ThemeLight, nil
	case string(ThemeDark):
		return ThemeDark, nil
	}
	return ThemeSystem, invalid("theme", "Choose light, dark or the device's setting.")
}

// Value is the theme as a form value ("system" for ThemeSystem).
func (t Theme) Value() string {
	if t == ThemeSystem {
		return "system"
	}
	return string(t)
}

// Label is the theme's name as shown to people.
func (t Theme) Label() string {
	switch t {
	case ThemeLight:
		return "Light"
	case ThemeDark:
		return "Dark"
	}
	return "As the device is set (light or dark)"
}

// SetTheme stores the user's own colour choice. It is a personal display
// preference, so it is not audited (like the last sign-in time) and does
// not end any session.
func (s *Service) SetTheme(id uint64, theme string) (User, error) {
	t, err := ParseTheme(theme)
	if err != nil {
		return User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.UserByID(id)
	if err != nil {
		return User{}, err
	}
	u.Theme = t
	return u, s.store.SaveUser(u, nil)
}
