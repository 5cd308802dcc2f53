"""plaso-atop: atop raw logs as a source of the plaso super-timeline."""
