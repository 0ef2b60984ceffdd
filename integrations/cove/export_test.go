package cove

// DecodeReply runs the reply decoders the way Login and Statistics do, for
// the fuzz test: it must return an error, never panic.
func DecodeReply(body []byte) ([]Account, error) {
	_, _, _, _ = decodeReply[wireUser]("Login", body)
	// The settings parser only ever sees valid JSON from the decoder; feed
	// it the raw bytes too, so that it is safe on its own.
	_, _ = parseSettings(string(body), map[string]string{})
	return DecodePage(body)
}

// DecodePage decodes one EnumerateAccountStatistics reply as Statistics does.
func DecodePage(body []byte) ([]Account, error) {
	rows, _, rerr, err := decodeReply[[]wireRow]("EnumerateAccountStatistics", body)
	if err != nil {
		return nil, err
	}
	if rerr != nil {
		return nil, rerr
	}
	return toAccounts(rows, map[string]string{})
}
