"""Review: the manager's weekly digest of their team (as a DM and on demand), its pages and
full reflections, its schedule and its CSV export."""
