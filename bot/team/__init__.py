"""Teams: a manager invites people, each accepts or declines in a DM, and can leave."""
