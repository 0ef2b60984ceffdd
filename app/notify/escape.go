package notify

import "strings"

// Text in a webhook body comes from mail and names the operators did not
// choose; each chat service reads markup in it. Escaping per target keeps
// a report holding "<!channel> <https://evil.example/login|Sign in>" from
// pinging a channel or showing a disguised link.

// slackText escapes what Slack's mrkdwn reads as control sequences
// (links, mentions, @channel): & < >, as Slack's documentation asks.
var slackText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// teamsText escapes the Markdown an Adaptive Card's TextBlock renders
// (emphasis, links, lists, headings) with backslashes, and the angle
// brackets Teams would read as HTML.
var teamsText = strings.NewReplacer(
	`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`,
	"`", "\\`", "~", `\~`, "#", `\#`, "<", "&lt;", ">", "&gt;",
).Replace
