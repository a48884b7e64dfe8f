// The Code panel's kernel line numbers (web/model/code_listings.h): every listing's numbers
// rise in source order and stay inside the function, and a handful equal what we read in
// the kernel sources by hand.
//
// Read with `sed -n Np FILE` (the tests never read the kernel: CI has no copy):
//   6.12.118: Debian's linux-source-6.12 6.12.118-1~deb12u1, kernel/workqueue.c (git blob
//             f6dde83c9466) and kernel/kthread.c (blob 9bb36897b6c6);
//   v6.12.0:  kernel/workqueue.c, blob 9949ffad8df0; its kernel/kthread.c is the same blob
//             9bb36897b6c6 (the index line of a kthread.c patch posted on 12 Nov 2024,
//             five days before v6.12, and no kthread.c change among Debian's 6.12 backports).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/workqueue/code_position.h"
#include "core/workqueue/generation.h"
#include "web/model/code_listings.h"

namespace cmwq::web {
namespace {

using Gen = KernelGeneration;
using F = KernelFunction;

// Where each function with a listing is in each generation's file: its first line (the one
// naming the function) and its closing brace, read by hand.
struct Span {
  F function;
  Gen gen;
  int first;
  int last;
};

const std::vector<Span> kSpans = {
    {F::Kthread, Gen::V6_12_0, 341, 392},
    {F::Kthread, Gen::V6_12_118, 341, 392},
    {F::WorkerThread, Gen::V6_12_0, 3336, 3408},
    {F::WorkerThread, Gen::V6_12_118, 3373, 3445},
    {F::ManageWorkers, Gen::V6_12_0, 3096, 3112},
    {F::ManageWorkers, Gen::V6_12_118, 3133, 3149},
    {F::MaybeCreateWorker, Gen::V6_12_0, 3043, 3072},
    {F::MaybeCreateWorker, Gen::V6_12_118, 3080, 3109},
    {F::CreateWorker, Gen::V6_12_0, 2768, 2835},
    {F::CreateWorker, Gen::V6_12_118, 2805, 2872},
    {F::ProcessScheduledWorks, Gen::V6_12_0, 3299, 3312},
    {F::ProcessScheduledWorks, Gen::V6_12_118, 3336, 3349},
    {F::ProcessOneWork, Gen::V6_12_0, 3128, 3285},
    {F::ProcessOneWork, Gen::V6_12_118, 3165, 3322},
    {F::RescuerThread, Gen::V6_12_0, 3431, 3543},
    {F::RescuerThread, Gen::V6_12_118, 3497, 3602},
    {F::AssignRescuerWork, Gen::V6_12_118, 3447, 3474},
    {F::PoolMaydayTimeout, Gen::V6_12_0, 3000, 3023},
    {F::PoolMaydayTimeout, Gen::V6_12_118, 3037, 3060},
    {F::SendMayday, Gen::V6_12_0, 2976, 2998},
    {F::SendMayday, Gen::V6_12_118, 3013, 3035},
    {F::DrainWorkqueue, Gen::V6_12_0, 4071, 4112},
    {F::DrainWorkqueue, Gen::V6_12_118, 4134, 4175},
    {F::DestroyWorkqueue, Gen::V6_12_0, 5813, 5891},
    {F::DestroyWorkqueue, Gen::V6_12_118, 5892, 5970},
};

// Every listing of both 6.12 generations has a span above, and no other does.
TEST(KernelLines, EveryListingHasItsSpan) {
  for (int f = 0; f <= static_cast<int>(F::DestroyWorkqueue); ++f)
    for (const Gen g : {Gen::V6_12_0, Gen::V6_12_118}) {
      const bool listed = kernel_listing(static_cast<F>(f), g) != nullptr;
      int spans = 0;
      for (const Span& s : kSpans) spans += s.function == static_cast<F>(f) && s.gen == g;
      EXPECT_EQ(spans, listed ? 1 : 0) << kernel_function_name(static_cast<F>(f)) << " " << kernel_version_name(g);
    }
}

// The listings are in source order: the numbers rise, the first line is the function's
// own, and all lie inside it. Every line the model can stand at (a marked line) has one.
TEST(KernelLines, RiseInsideTheFunction) {
  for (const Span& s : kSpans) {
    const std::vector<ListingLine>* listing = kernel_listing(s.function, s.gen);
    ASSERT_NE(listing, nullptr);
    const std::string where = std::string(kernel_function_name(s.function)) + " " + kernel_version_name(s.gen);
    EXPECT_EQ(kernel_line_of(listing->front(), s.gen), s.first) << where;
    int last = 0;
    int numbered = 0;
    for (const ListingLine& row : *listing) {
      const int n = kernel_line_of(row, s.gen);
      EXPECT_TRUE(row.line < 0 || n > 0) << where << ": a marked line without a number: " << row.text;
      if (n < 0) continue;
      EXPECT_GT(n, last) << where << ": " << row.text;
      EXPECT_GE(n, s.first) << where << ": " << row.text;
      EXPECT_LT(n, s.last) << where << ": " << row.text;  // the closing brace is no statement
      last = n;
      ++numbered;
    }
    EXPECT_GE(numbered * 2, static_cast<int>(listing->size())) << where << ": most lines are statements";
  }
}

// A brace or a comment stands for no kernel line.
TEST(KernelLines, BracesAndCommentsHaveNone) {
  for (const Span& s : kSpans)
    for (const ListingLine& row : *kernel_listing(s.function, s.gen)) {
      const std::string t = row.text;
      const size_t start = t.find_first_not_of(' ');
      const bool brace = t == "{" || t == "}" || t.find_first_not_of(" }") == std::string::npos;
      const bool comment = start != std::string::npos && (t.compare(start, 2, "/*") == 0 || t[start] == '*');
      EXPECT_TRUE(!(brace || comment) || kernel_line_of(row, s.gen) == -1) << row.text;
    }
}

// A function both 6.12 generations list with the same listing has the same text in both,
// only moved (by what the backports added above it): every number moves by the same amount,
// that of its first line.
TEST(KernelLines, SharedListingsMoveTogether) {
  for (int f = 0; f <= static_cast<int>(F::DestroyWorkqueue); ++f) {
    const std::vector<ListingLine>* old = kernel_listing(static_cast<F>(f), Gen::V6_12_0);
    if (!old || old != kernel_listing(static_cast<F>(f), Gen::V6_12_118)) continue;
    const int shift = kernel_line_of(old->front(), Gen::V6_12_118) - kernel_line_of(old->front(), Gen::V6_12_0);
    for (const ListingLine& row : *old) {
      const int a = kernel_line_of(row, Gen::V6_12_0);
      const int b = kernel_line_of(row, Gen::V6_12_118);
      EXPECT_EQ(a < 0, b < 0) << row.text;
      EXPECT_TRUE(a < 0 || b - a == shift) << kernel_function_name(static_cast<F>(f)) << ": " << row.text;
    }
  }
}

// Lines read in the sources by hand (sed -n Np, files in the header comment).
TEST(KernelLines, HandCheckedPositions) {
  using R = RescuerThreadLine;
  struct Check {
    KernelFrame frame;
    int v6_12_0;  // -1: the generation has no such line
    int v6_12_118;
  };
  const std::vector<Check> checks = {
      // rescuer_thread(): `while (!list_empty(&wq->maydays)) {`
      {KernelFrame(R::Maydays), 3460, 3526},
      // `worker_attach_to_pool(rescuer, pool);`
      {KernelFrame(R::Attach), 3471, 3537},
      // v6.12.0's slurp, `list_for_each_entry_safe(work, n, &pool->worklist, entry) {`
      {KernelFrame(R::Slurp), 3480, -1},
      // `while (assign_rescuer_work(pwq, rescuer)) {`
      {KernelFrame(R::AssignRescuerWork), -1, 3543},
      // `process_scheduled_works(rescuer);`
      {KernelFrame(R::Process), 3487, 3544},
      // the requeue: `list_add_tail(&pwq->mayday_node, &wq->maydays);` (not get_pwq() above it)
      {KernelFrame(R::Requeue), 3506, -1},
      {KernelFrame(R::BatchRequeue), -1, 3560},
      // `put_pwq(pwq);` before kick_pool(); `put_pwq_unlocked(pwq);` after the detach
      {KernelFrame(R::PutPwq), 3516, -1},
      {KernelFrame(R::PutPwqUnlocked), -1, 3585},
      // assign_rescuer_work(): `if (get_work_pwq(work) == pwq && assign_work(work, rescuer, &n)) {`
      {KernelFrame(AssignRescuerWorkLine::AssignWork), -1, 3465},
      // maybe_create_worker(): `mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INITIAL_TIMEOUT);`
      {KernelFrame(MaybeCreateWorkerLine::ModTimer), 3051, 3088},
      // create_worker(): `worker = alloc_worker(pool->node);`
      {KernelFrame(CreateWorkerLine::AllocWorker), 2781, 2818},
      // worker_thread(): `schedule();`
      {KernelFrame(WorkerThreadLine::Schedule), 3406, 3443},
      // pool_mayday_timeout(): `mod_timer(&pool->mayday_timer, jiffies + MAYDAY_INTERVAL);`
      {KernelFrame(PoolMaydayTimeoutLine::ModTimer), 3022, 3059},
      // kthread() in kernel/kthread.c: `complete(done);`
      {KernelFrame(KthreadLine::Complete), 381, 381},
  };
  for (const Check& c : checks) {
    const std::string what = std::string(kernel_function_name(c.frame.function)) + ":" + line_tag(c.frame);
    EXPECT_EQ(kernel_line_number(c.frame, Gen::V6_12_0), c.v6_12_0) << what;
    EXPECT_EQ(kernel_line_number(c.frame, Gen::V6_12_118), c.v6_12_118) << what;
  }
  EXPECT_STREQ(kernel_source_file(F::Kthread), "kernel/kthread.c");
  EXPECT_STREQ(kernel_source_file(F::RescuerThread), "kernel/workqueue.c");
}

// A work's own function has no kernel source; 2.6.35 shows the model's CMWQ code, whose
// statements its workqueue.c does not have.
TEST(KernelLines, NoneForWorkFunctionsAndLegacy) {
  EXPECT_EQ(kernel_source_file(F::WorkFunction), nullptr);
  EXPECT_EQ(kernel_line_number(KernelFrame::work_op(0, 1), Gen::V6_12_118), -1);
  for (const Span& s : kSpans)
    for (const ListingLine& row : *kernel_listing(s.function, s.gen)) {
      EXPECT_EQ(kernel_line_of(row, Gen::Legacy_2_6_35), -1) << row.text;
      if (row.line < 0) continue;
      KernelFrame frame;
      frame.function = s.function;
      frame.line = row.line;
      EXPECT_EQ(kernel_line_number(frame, Gen::Legacy_2_6_35), -1) << row.text;
    }
}

}  // namespace
}  // namespace cmwq::web
