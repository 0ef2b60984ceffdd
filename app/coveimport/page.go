package coveimport

// AccountGroup is one Cove customer's accounts on a page of the approval
// list: the first of them, and how many there are.
type AccountGroup struct {
	Accounts []Account
	Total    int
}

// AccountPage is one page of the approval list, by Cove customer.
type AccountPage struct {
	Groups []AccountGroup
	Page   int // 0-based, within [0, Pages)
	Pages  int
}

// PageIn reads one page of the accounts in state: groups Cove customers a
// page, each with its first rows accounts. Only the accounts shown are
// read, so a partner of 10,000 accounts is as quick to page as one of 10.
func (s *Service) PageIn(state State, page, groups, rows int) (AccountPage, error) {
	return s.store.CoveAccountPage(state, page, groups, rows)
}
