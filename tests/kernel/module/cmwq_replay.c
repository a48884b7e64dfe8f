// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_replay: replays one cmwq scenario on the running kernel's workqueues, so that
 * scripts/kernel-check can compare the kernel's trace with the model's run.
 *
 *   insmod cmwq_replay.ko ops=/ops/doc-max-active-2.ops
 *
 * The op list is what `cmwq export-ops FILE` writes (docs/kernel-validation.md): the
 * scenario's workqueues, completions and works (each a program of burn, sleep,
 * queue_work, flush_work, wait, complete and complete_all), its timed actions
 * (queue_work, complete, complete_all, kthreadd_cpu, rt_busy) and its end time. The
 * module builds them, runs the actions at their times and returns from its init once
 * the run is over, so new scenarios need no C.
 *
 * How each operation is replayed, and why:
 * - burn: a busy loop on ktime_get() that counts only the time this task is on its CPU
 *   (a preempt notifier subtracts the time it was switched out), as the model's burn
 *   is CPU time;
 * - sleep: schedule_hrtimeout() in TASK_UNINTERRUPTIBLE until the hrtimer expires (an
 *   exact hrtimer sleep, as the model's);
 * - timed actions that may run in interrupt context (queue_work, complete) run from one
 *   pinned hard hrtimer per (time, CPU), so they happen at their time even when a
 *   worker is burning the CPU under voluntary preemption; actions at the same time run
 *   in file order;
 * - kthreadd_cpu N: set_cpus_allowed_ptr() on kthreadd (pid 2), restored at the end;
 * - rt_busy CPU T: a SCHED_FIFO kthread bound to CPU, made before the run starts (its
 *   fork needs kthreadd) and woken at its time; it busy-loops for T and exits.
 * The workqueues are made while kthreadd may run only on the loader's CPU, so that a
 * rescuer is forked and first runs there, not behind a later real-time busy loop.
 *
 * Two steps make the kernel start where the model starts:
 * - the model boots with one idle worker per CPU pool, while a real pool keeps the
 *   workers earlier work made: before the run, each online CPU's normal and highpri pool
 *   gets one "pad" work per worker beyond the first (on system_wq / system_highpri_wq),
 *   which sleeps until the run is over, so the run starts with exactly one idle worker
 *   in each of them; so does the unbound pool that serves system_unbound_wq from the
 *   loader's CPU (a probe work tells its id, kworker/uID:N), which with one CPU is the
 *   pool of every unbound and ordered workqueue;
 * - the model's time 0 is the start of a jiffy: the run starts 20 us after a tick.
 *
 * Markers in the trace (trace_printk): "cmwq-begin NAME t0=NS" (t0 is the run's zero,
 * CLOCK_MONOTONIC), "cmwq-work NAME ADDR" for each work (ADDR as the workqueue
 * tracepoints print the work struct), "cmwq-op NAME OP" when a work begins an operation
 * that may block (sleep, flush_work, wait: with preempt=full the worker can be preempted
 * after it has begun to sleep, so its switch-out is not when it began) and
 * "cmwq-op-done NAME" when it returns (a rescuer asleep in a work is woken by every
 * send_mayday() and sleeps again: only the last wake-up ends the operation), and
 * "cmwq-end NAME" RUN_MARGIN after the scenario's end (so that what happens just after
 * it, a few microseconds late, is still seen).
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Replays a cmwq scenario's op list on the kernel's workqueues");

static char *ops;
module_param(ops, charp, 0444);
MODULE_PARM_DESC(ops, "path of the op list (cmwq export-ops)");

#define MAX_NAME 32
#define MAX_WQS 16
#define MAX_WORKS 64
#define MAX_PROGRAM 16
#define MAX_COMPLETIONS 16
#define MAX_ACTIONS 128
#define MAX_GROUPS 64
#define MAX_RT 4
#define MAX_PADS 64
#define MAX_FILE (64 * 1024)
#define RUN_MARGIN_NS (20 * NSEC_PER_MSEC)

enum code { OP_BURN, OP_SLEEP, OP_QUEUE_WORK, OP_FLUSH_WORK, OP_WAIT, OP_COMPLETE, OP_COMPLETE_ALL,
	    ACT_KTHREADD_CPU, ACT_RT_BUSY };

struct op {
	enum code code;
	s64 ns;
	int a, b, cpu, from;
};

struct rwork {
	struct work_struct work;
	char name[MAX_NAME];
	int nops;
	struct op prog[MAX_PROGRAM];
};

struct rwq {
	struct workqueue_struct *wq;
	char name[MAX_NAME];
	bool own;  /* made here (destroyed at the end), not a system workqueue */
};

struct rt_task {
	struct task_struct *task;
	struct completion done;
	s64 ns;
	int cpu;
	bool woken;
};

/* The actions due at one time on one CPU: one hrtimer. */
struct group {
	struct hrtimer timer;
	s64 at;
	int from;
	int first, count;  /* into actions[], in file order */
};

struct pad {
	struct work_struct work;
};

struct run {
	char name[MAX_NAME];
	int npads;
	struct pad pads[MAX_PADS];
	atomic_t pads_started;
	wait_queue_head_t pads_wait;
	struct completion pads_done;
	int nwqs, nworks, ncompletions, nactions, ngroups, nrt;
	struct rwq wqs[MAX_WQS];
	struct rwork works[MAX_WORKS];
	struct completion completions[MAX_COMPLETIONS];
	struct op actions[MAX_ACTIONS];
	struct group groups[MAX_GROUPS];
	struct rt_task rt[MAX_RT];
	s64 until;
	ktime_t t0;
	struct task_struct *kthreadd;
	cpumask_var_t kthreadd_mask;
	bool kthreadd_moved;
};

static struct run *R;

/* --- burn: CPU time, not wall time ------------------------------------------------ */

struct burn {
	struct preempt_notifier pn;
	u64 out_at;
	u64 off_cpu;
};

static void burn_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct burn *b = container_of(pn, struct burn, pn);

	b->off_cpu += ktime_get_ns() - b->out_at;
}

static void burn_sched_out(struct preempt_notifier *pn, struct task_struct *next)
{
	container_of(pn, struct burn, pn)->out_at = ktime_get_ns();
}

static struct preempt_ops burn_ops = { .sched_in = burn_sched_in, .sched_out = burn_sched_out };

static void burn(s64 ns)
{
	struct burn b = { .off_cpu = 0 };
	u64 start;

	preempt_notifier_init(&b.pn, &burn_ops);
	preempt_disable();
	preempt_notifier_register(&b.pn);
	start = ktime_get_ns();
	preempt_enable();
	while ((s64)(ktime_get_ns() - start - READ_ONCE(b.off_cpu)) < ns)
		cpu_relax();
	preempt_disable();
	preempt_notifier_unregister(&b.pn);
	preempt_enable();
}

/* Sleeps until the hrtimer expires: a wake_up_process() before that (send_mayday()
 * waking a rescuer asleep inside the item it runs) sleeps again, as usleep_range_state()
 * and msleep() loop. */
static void sleep_ns(s64 ns)
{
	ktime_t end = ktime_add_ns(ktime_get(), ns);

	while (ktime_before(ktime_get(), end)) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_hrtimeout(&end, HRTIMER_MODE_ABS);
	}
}

/* --- the work function ---------------------------------------------------------------- */

static void queue_on(int wq, int work, int cpu)
{
	queue_work_on(cpu < 0 ? WORK_CPU_UNBOUND : cpu, R->wqs[wq].wq, &R->works[work].work);
}

static void run_op(const struct op *op, const char *work)
{
	static const char *const blocking[] = { [OP_SLEEP] = "sleep", [OP_FLUSH_WORK] = "flush_work", [OP_WAIT] = "wait" };

	const bool marked = work && op->code < ARRAY_SIZE(blocking) && blocking[op->code];

	if (marked)
		trace_printk("cmwq-op %s %s\n", work, blocking[op->code]);
	switch (op->code) {
	case OP_BURN: burn(op->ns); break;
	case OP_SLEEP: sleep_ns(op->ns); break;
	case OP_QUEUE_WORK: queue_on(op->a, op->b, op->cpu); break;
	case OP_FLUSH_WORK: flush_work(&R->works[op->b].work); break;
	case OP_WAIT: wait_for_completion(&R->completions[op->a]); break;
	case OP_COMPLETE: complete(&R->completions[op->a]); break;
	case OP_COMPLETE_ALL: complete_all(&R->completions[op->a]); break;
	default: break;
	}
	if (marked)
		trace_printk("cmwq-op-done %s\n", work);
}

static void replay_work_fn(struct work_struct *work)
{
	struct rwork *rw = container_of(work, struct rwork, work);
	int i;

	for (i = 0; i < rw->nops; i++)
		run_op(&rw->prog[i], rw->name);
}

/* --- pads: one idle worker per CPU pool at the start --------------------------------- */

static void pad_fn(struct work_struct *work)
{
	atomic_inc(&R->pads_started);
	wake_up(&R->pads_wait);
	wait_for_completion(&R->pads_done);
}

/* The unbound pool system_unbound_wq uses from this CPU: its id, from its worker's comm. */
static int unbound_pool_id;
static void probe_fn(struct work_struct *work)
{
	char comm[TASK_COMM_LEN];

	get_task_comm(comm, current);
	if (sscanf(comm, "kworker/u%d:", &unbound_pool_id) != 1)
		unbound_pool_id = -1;
}

static int count_unbound_workers(int pool)
{
	struct task_struct *p;
	int n = 0;

	rcu_read_lock();
	for_each_process(p) {
		int id, w;
		char comm[TASK_COMM_LEN];

		if (!(p->flags & PF_WQ_WORKER) || (p->flags & PF_EXITING))
			continue;
		get_task_comm(comm, p);
		if (sscanf(comm, "kworker/u%d:%d", &id, &w) == 2 && id == pool)
			n++;
	}
	rcu_read_unlock();
	return n;
}

/* Workers of CPU @cpu's normal (@highpri false) or highpri pool: kworker/N:M[H]. */
static int count_workers(int cpu, bool highpri)
{
	struct task_struct *p;
	int n = 0;

	rcu_read_lock();
	for_each_process(p) {
		int c, id, len = 0;
		char comm[TASK_COMM_LEN];

		if (!(p->flags & PF_WQ_WORKER) || (p->flags & PF_EXITING))
			continue;
		get_task_comm(comm, p);
		if (sscanf(comm, "kworker/%d:%d%n", &c, &id, &len) != 2 || c != cpu)
			continue;
		if (highpri ? !strcmp(comm + len, "H") : comm[len] == '\0')
			n++;
	}
	rcu_read_unlock();
	return n;
}

static void queue_pad(struct workqueue_struct *wq, int cpu)
{
	struct pad *pad;

	if (R->npads >= MAX_PADS)
		return;
	pad = &R->pads[R->npads++];
	INIT_WORK(&pad->work, pad_fn);
	queue_work_on(cpu, wq, &pad->work);
}

static void queue_pads(void)
{
	struct work_struct probe;
	int cpu, h, i, n;

	init_waitqueue_head(&R->pads_wait);
	init_completion(&R->pads_done);
	for_each_online_cpu(cpu) {
		for (h = 0; h < 2; h++) {
			n = count_workers(cpu, h) - 1;

			trace_printk("cmwq-pad cpu=%d highpri=%d workers=%d\n", cpu, h, n + 1);
			for (i = 0; i < n; i++)
				queue_pad(h ? system_highpri_wq : system_wq, cpu);
		}
	}
	INIT_WORK_ONSTACK(&probe, probe_fn);
	queue_work(system_unbound_wq, &probe);
	flush_work(&probe);
	destroy_work_on_stack(&probe);
	n = unbound_pool_id >= 0 ? count_unbound_workers(unbound_pool_id) - 1 : 0;
	trace_printk("cmwq-pad unbound=%d workers=%d\n", unbound_pool_id, n + 1);
	for (i = 0; i < n; i++)
		queue_pad(system_unbound_wq, WORK_CPU_UNBOUND);
	wait_event(R->pads_wait, atomic_read(&R->pads_started) == R->npads);
}

static void release_pads(void)
{
	int i;

	complete_all(&R->pads_done);
	for (i = 0; i < R->npads; i++)
		flush_work(&R->pads[i].work);
}

/* --- the real-time busy task ------------------------------------------------------------ */

static int rt_busy_fn(void *data)
{
	struct rt_task *rt = data;
	u64 end = ktime_get_ns() + rt->ns;

	while (ktime_get_ns() < end)
		cpu_relax();
	kthread_complete_and_exit(&rt->done, 0);
}

/* --- timed actions -------------------------------------------------------------------- */

static void run_action(const struct op *a)
{
	switch (a->code) {
	case OP_QUEUE_WORK:
	case OP_COMPLETE:
	case OP_COMPLETE_ALL: run_op(a, NULL); break;
	case ACT_RT_BUSY:
		R->rt[a->a].woken = true;
		wake_up_process(R->rt[a->a].task);
		break;
	default: break;  /* kthreadd_cpu runs in the loader's context */
	}
}

static enum hrtimer_restart group_fire(struct hrtimer *t)
{
	struct group *g = container_of(t, struct group, timer);
	int i;

	for (i = 0; i < g->count; i++)
		run_action(&R->actions[g->first + i]);
	return HRTIMER_NORESTART;
}

static void group_start(void *data)
{
	struct group *g = data;

	hrtimer_start(&g->timer, ktime_add_ns(R->t0, g->at), HRTIMER_MODE_ABS_PINNED_HARD);
}

static bool in_irq_ok(enum code c)
{
	return c != ACT_KTHREADD_CPU;
}

static void kthreadd_cpu(int cpu)
{
	if (!R->kthreadd)
		return;
	set_cpus_allowed_ptr(R->kthreadd, cpumask_of(cpu));
	R->kthreadd_moved = true;
}

/* --- parsing -------------------------------------------------------------------------- */

static int num(char **p, s64 *out)
{
	char *t = strsep(p, " ");

	return t && !kstrtos64(t, 10, out) ? 0 : -EINVAL;
}

static int idx(char **p, int n, int *out)
{
	s64 v;

	if (num(p, &v) || v < -1 || v >= n)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static struct workqueue_struct *system_wq_named(const char *name)
{
	if (!strcmp(name, "events")) return system_wq;
	if (!strcmp(name, "events_highpri")) return system_highpri_wq;
	if (!strcmp(name, "events_long")) return system_long_wq;
	if (!strcmp(name, "events_unbound")) return system_unbound_wq;
	return NULL;
}

/* wq IDX NAME FLAGS MAX_ACTIVE ORDERED, or sys_wq IDX NAME */
static int parse_wq(char *p, bool system)
{
	struct rwq *q;
	s64 i, flags = 0, max_active = 0, ordered = 0;
	char *name;

	if (num(&p, &i) || i != R->nwqs || R->nwqs >= MAX_WQS)
		return -EINVAL;
	name = strsep(&p, " ");
	if (!name || strlen(name) >= MAX_NAME)
		return -EINVAL;
	q = &R->wqs[R->nwqs];
	strscpy(q->name, name, MAX_NAME);
	if (system) {
		q->wq = system_wq_named(name);
		if (!q->wq)
			return -EINVAL;
	} else {
		if (num(&p, &flags) || num(&p, &max_active) || num(&p, &ordered))
			return -EINVAL;
		q->own = true;
		if (ordered)
			q->wq = alloc_ordered_workqueue("%s", (unsigned int)flags, q->name);
		else
			q->wq = alloc_workqueue("%s", (unsigned int)flags, (int)max_active, q->name);
		if (!q->wq)
			return -ENOMEM;
	}
	R->nwqs++;
	return 0;
}

static int parse_op(char *p, struct op *op, bool action)
{
	char *verb = strsep(&p, " ");
	s64 v;

	if (!verb)
		return -EINVAL;
	op->from = 0;
	if (!strcmp(verb, "burn") || !strcmp(verb, "sleep")) {
		op->code = verb[0] == 'b' ? OP_BURN : OP_SLEEP;
		return num(&p, &op->ns);
	}
	if (!strcmp(verb, "queue_work")) {
		op->code = OP_QUEUE_WORK;
		if (idx(&p, R->nwqs, &op->a) || idx(&p, R->nworks, &op->b) || idx(&p, nr_cpu_ids, &op->cpu) ||
		    op->a < 0 || op->b < 0)
			return -EINVAL;
		return action ? idx(&p, nr_cpu_ids, &op->from) : 0;
	}
	if (!strcmp(verb, "flush_work")) {
		op->code = OP_FLUSH_WORK;
		return idx(&p, R->nworks, &op->b) || op->b < 0 ? -EINVAL : 0;
	}
	if (!strcmp(verb, "wait") || !strcmp(verb, "complete") || !strcmp(verb, "complete_all")) {
		op->code = verb[0] == 'w' ? OP_WAIT : strlen(verb) > 8 ? OP_COMPLETE_ALL : OP_COMPLETE;
		if (idx(&p, R->ncompletions, &op->a) || op->a < 0)
			return -EINVAL;
		return action ? idx(&p, nr_cpu_ids, &op->from) : 0;
	}
	if (action && !strcmp(verb, "kthreadd_cpu")) {
		op->code = ACT_KTHREADD_CPU;
		return idx(&p, nr_cpu_ids, &op->cpu) || op->cpu < 0 ? -EINVAL : 0;
	}
	if (action && !strcmp(verb, "rt_busy")) {
		op->code = ACT_RT_BUSY;
		if (idx(&p, nr_cpu_ids, &op->cpu) || op->cpu < 0 || num(&p, &v) || R->nrt >= MAX_RT)
			return -EINVAL;
		op->a = R->nrt++;
		R->rt[op->a].ns = v;
		R->rt[op->a].cpu = op->cpu;
		return 0;
	}
	return -EINVAL;
}

static int parse_line(char *line)
{
	char *p = line, *kw = strsep(&p, " ");
	s64 i, t;
	struct op *op;

	if (!kw || !*kw || *kw == '#')
		return 0;
	if (!strcmp(kw, "cmwq-ops") || !strcmp(kw, "cpus") || !strcmp(kw, "param") || !strcmp(kw, "end"))
		return 0;  /* read by the init script */
	if (!strcmp(kw, "scenario"))
		return p && strscpy(R->name, p, MAX_NAME) > 0 ? 0 : -EINVAL;
	if (!strcmp(kw, "wq") || !strcmp(kw, "sys_wq"))
		return parse_wq(p, kw[0] == 's');
	if (!strcmp(kw, "completion")) {
		if (num(&p, &i) || i != R->ncompletions || R->ncompletions >= MAX_COMPLETIONS)
			return -EINVAL;
		init_completion(&R->completions[R->ncompletions++]);
		return 0;
	}
	if (!strcmp(kw, "work")) {
		if (num(&p, &i) || i != R->nworks || R->nworks >= MAX_WORKS || !p || strlen(p) >= MAX_NAME)
			return -EINVAL;
		strscpy(R->works[R->nworks].name, p, MAX_NAME);
		INIT_WORK(&R->works[R->nworks].work, replay_work_fn);
		R->nworks++;
		return 0;
	}
	if (!strcmp(kw, "op")) {
		struct rwork *w;

		if (num(&p, &i) || i < 0 || i >= R->nworks)
			return -EINVAL;
		w = &R->works[i];
		if (w->nops >= MAX_PROGRAM)
			return -EINVAL;
		return parse_op(p, &w->prog[w->nops++], false);
	}
	if (!strcmp(kw, "at")) {
		if (num(&p, &t) || t < 0 || R->nactions >= MAX_ACTIONS)
			return -EINVAL;
		op = &R->actions[R->nactions++];
		op->ns = 0;
		if (parse_op(p, op, true))
			return -EINVAL;
		/* the action's time is kept in its group */
		if (R->ngroups == 0 || R->groups[R->ngroups - 1].at != t ||
		    R->groups[R->ngroups - 1].from != op->from) {
			if (R->ngroups >= MAX_GROUPS)
				return -EINVAL;
			R->groups[R->ngroups].at = t;
			R->groups[R->ngroups].from = op->from;
			R->groups[R->ngroups].first = R->nactions - 1;
			R->groups[R->ngroups].count = 0;
			R->ngroups++;
		}
		R->groups[R->ngroups - 1].count++;
		return 0;
	}
	if (!strcmp(kw, "until"))
		return num(&p, &R->until);
	return -EINVAL;
}

static int parse_file(const char *path)
{
	struct file *f;
	char *buf, *p, *line;
	loff_t pos = 0;
	ssize_t n;
	int lineno = 0, err = 0;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_err("cmwq_replay: %s: cannot open (%ld)\n", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	buf = kvzalloc(MAX_FILE + 1, GFP_KERNEL);
	if (!buf) {
		filp_close(f, NULL);
		return -ENOMEM;
	}
	n = kernel_read(f, buf, MAX_FILE, &pos);
	filp_close(f, NULL);
	if (n < 0 || n == MAX_FILE) {
		pr_err("cmwq_replay: %s: cannot read, or longer than %d bytes\n", path, MAX_FILE);
		kvfree(buf);
		return -EINVAL;
	}
	p = buf;
	while ((line = strsep(&p, "\n")) != NULL) {
		lineno++;
		err = parse_line(line);
		if (err) {
			pr_err("cmwq_replay: %s:%d: error: cannot read this line\n", path, lineno);
			break;
		}
	}
	kvfree(buf);
	return err;
}

/* --- the run ----------------------------------------------------------------------------- */

static int make_rt_tasks(void)
{
	int i;

	for (i = 0; i < R->nrt; i++) {
		struct rt_task *rt = &R->rt[i];

		init_completion(&rt->done);
		rt->task = kthread_create(rt_busy_fn, rt, "cmwq-rt/%d", rt->cpu);
		if (IS_ERR(rt->task)) {
			rt->task = NULL;
			return -ENOMEM;
		}
		kthread_bind(rt->task, rt->cpu);
		sched_set_fifo(rt->task);
	}
	return 0;
}

static void start_groups(void)
{
	int i;

	for (i = 0; i < R->ngroups; i++) {
		struct group *g = &R->groups[i];

		hrtimer_init(&g->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
		g->timer.function = group_fire;
		smp_call_function_single(g->from, group_start, g, 1);
	}
}

/* Process-context actions (kthreadd_cpu) at their time, from the loader's task. */
static void run_process_actions(void)
{
	int i, j;

	for (i = 0; i < R->ngroups; i++) {
		struct group *g = &R->groups[i];

		for (j = 0; j < g->count; j++) {
			struct op *a = &R->actions[g->first + j];
			ktime_t at = ktime_add_ns(R->t0, g->at);

			if (in_irq_ok(a->code))
				continue;
			if (ktime_before(ktime_get(), at)) {
				set_current_state(TASK_UNINTERRUPTIBLE);
				schedule_hrtimeout(&at, HRTIMER_MODE_ABS);
			}
			kthreadd_cpu(a->cpu);
		}
	}
}

static void finish(void)
{
	int i;

	for (i = 0; i < R->ngroups; i++)
		if (R->groups[i].timer.function)
			hrtimer_cancel(&R->groups[i].timer);
	for (i = 0; i < R->nrt; i++) {
		if (!R->rt[i].task)
			continue;
		if (R->rt[i].woken)
			wait_for_completion(&R->rt[i].done);
		else
			kthread_stop(R->rt[i].task);
	}
	if (R->kthreadd && R->kthreadd_moved)
		set_cpus_allowed_ptr(R->kthreadd, R->kthreadd_mask);
	for (i = 0; i < R->ncompletions; i++)
		complete_all(&R->completions[i]);
	for (i = 0; i < R->nworks; i++)
		flush_work(&R->works[i].work);
	for (i = 0; i < R->nwqs; i++)
		if (R->wqs[i].own)
			destroy_workqueue(R->wqs[i].wq);
	for (i = 0; i < R->nworks; i++)
		flush_work(&R->works[i].work);
	release_pads();
	if (R->kthreadd) {
		put_task_struct(R->kthreadd);
		free_cpumask_var(R->kthreadd_mask);
	}
}

/* 20 us after the tick after next: jiffies has just moved on at time 0, as in the model. */
static ktime_t next_tick(void)
{
	unsigned long j = READ_ONCE(jiffies);

	while (READ_ONCE(jiffies) == j)
		cpu_relax();
	return ktime_add_ns(ktime_get(), TICK_NSEC + 20 * NSEC_PER_USEC);
}

static int find_kthreadd(void)
{
	struct pid *pid = find_get_pid(2);

	R->kthreadd = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
	put_pid(pid);
	if (!R->kthreadd)
		return -ESRCH;
	if (!alloc_cpumask_var(&R->kthreadd_mask, GFP_KERNEL)) {
		put_task_struct(R->kthreadd);
		R->kthreadd = NULL;
		return -ENOMEM;
	}
	cpumask_copy(R->kthreadd_mask, R->kthreadd->cpus_ptr);
	return 0;
}

static int __init cmwq_replay_init(void)
{
	int err, i, cpu;

	if (!ops)
		return -EINVAL;
	R = kvzalloc(sizeof(*R), GFP_KERNEL);
	if (!R)
		return -ENOMEM;
	err = find_kthreadd();
	if (err)
		goto out_free;
	/* Workqueues (and their rescuers) are made with kthreadd on this CPU. */
	cpu = get_cpu();
	put_cpu();
	set_cpus_allowed_ptr(R->kthreadd, cpumask_of(cpu));
	err = parse_file(ops);
	if (!err)
		err = make_rt_tasks();
	set_cpus_allowed_ptr(R->kthreadd, R->kthreadd_mask);
	if (err)
		goto out_undo;
	/* kthreadd_cpu actions at time 0 take effect before the run starts. */
	for (i = 0; i < R->ngroups && R->groups[i].at == 0; i++) {
		int j;

		for (j = 0; j < R->groups[i].count; j++) {
			struct op *a = &R->actions[R->groups[i].first + j];

			if (a->code == ACT_KTHREADD_CPU) {
				kthreadd_cpu(a->cpu);
				a->code = OP_BURN;  /* done; a zero burn is never run by run_action() */
			}
		}
	}
	preempt_notifier_inc();
	msleep(20);  /* let the set-up settle (new rescuers reach their first sleep) */
	queue_pads();
	R->t0 = next_tick();
	trace_printk("cmwq-begin %s t0=%lld\n", R->name, ktime_to_ns(R->t0));
	for (i = 0; i < R->nworks; i++)
		trace_printk("cmwq-work %s %p\n", R->works[i].name, &R->works[i].work);
	start_groups();
	run_process_actions();
	{
		ktime_t end = ktime_add_ns(R->t0, R->until + RUN_MARGIN_NS);

		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_hrtimeout(&end, HRTIMER_MODE_ABS);
	}
	/* The run ends here, as the model's at `until`; the clean-up after it is not part of it. */
	trace_printk("cmwq-end %s\n", R->name);
	finish();
	preempt_notifier_dec();
	return 0;

out_undo:
	for (i = 0; i < R->nrt; i++)
		if (R->rt[i].task)
			kthread_stop(R->rt[i].task);
	for (i = 0; i < R->nwqs; i++)
		if (R->wqs[i].own)
			destroy_workqueue(R->wqs[i].wq);
	put_task_struct(R->kthreadd);
	free_cpumask_var(R->kthreadd_mask);
out_free:
	kvfree(R);
	R = NULL;
	return err;
}

static void __exit cmwq_replay_exit(void)
{
	kvfree(R);
}

module_init(cmwq_replay_init);
module_exit(cmwq_replay_exit);
