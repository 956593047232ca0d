"""Ask: `/techlead <topic>` answers with the guide's comparison, at once, and the
"Share in channel" button reposts it for everyone."""
