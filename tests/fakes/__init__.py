"""Stand-ins for Slack: a Web API server, request signing, payload builders."""
