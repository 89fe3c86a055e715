

void
worker_set_filter(struct worker *w, const struct filter *f)
{
	/* The gate has its own lock: the worker thread may be reading it. */
	filter_gate_set(w->gate, f);
}
