package autotasktest

import "strings"

// DenyEntity takes the API user's security level's access to one entity
// away (for example "Resources"), as a tenant's admin may: every call on
// it is refused the way Autotask refuses a permission, with a 500 and its
// own words.
func (t *Tenant) DenyEntity(name string) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	if t.denied == nil {
		t.denied = map[string]bool{}
	}
	t.denied[strings.ToLower(name)] = true
}

func (t *Tenant) deniedAnswer(root string) (answer, bool) {
	if !t.denied[root] {
		return answer{}, false
	}
	return refused("The logged in Resource does not have the adequate permissions to query this entity."), true
}
