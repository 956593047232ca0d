"""A person's own account: subscribing, their schedule and pauses, this week, the App Home
tab, and forgetting everything the bot keeps about them."""
