// `cmwq diff`: two runs, their tables side by side, and the first event where they differ.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>

#include "core/cli/commands.h"
#include "core/cli/common.h"
#include "core/scenario/change.h"
#include "core/simulation.h"
#include "core/trace/divergence.h"
#include "core/trace/format.h"
#include "core/trace/text.h"

namespace cmwq::cli {
namespace {

struct DiffOptions {
  std::string a;
  std::string b;
  std::vector<std::string> kernels;
  std::string change;
  std::string until;
};

// Exit status: the runs differ (0 is the same, 2 bad input).
constexpr int kExitDiffer = 1;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// For each line of a and b, in order, whether the other table has it at the matching
// place: the lines of a longest common subsequence (two tables of a few hundred lines
// each; a much longer pair is compared line by line).
void common_lines(const std::vector<std::string>& a, const std::vector<std::string>& b, std::vector<bool>& in_a,
                  std::vector<bool>& in_b) {
  const size_t n = a.size(), m = b.size();
  in_a.assign(n, false);
  in_b.assign(m, false);
  if (n * m > 16'000'000) {
    for (size_t k = 0; k < std::min(n, m); ++k) in_a[k] = in_b[k] = a[k] == b[k];
    return;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[i] == b[j]) {
      in_a[i++] = in_b[j++] = true;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
}

// The two tables as diff -y shows files: common lines side by side, `|` between lines
// that differ, `<` for a line only A has and `>` for one only B has.
std::string side_by_side(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t width = 0;
  for (const std::string& l : a) width = std::max(width, l.size());
  std::vector<bool> in_a, in_b;
  common_lines(a, b, in_a, in_b);
  std::string out;
  const auto row = [&](const std::string& left, char mark, const std::string& right) {
    std::string line = left + std::string(width - left.size(), ' ') + "  " + mark + "  " + right;
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  };
  const std::string none;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    // The lines before the next common pair, paired in order.
    size_t i_end = i, j_end = j;
    while (i_end < a.size() && !in_a[i_end]) ++i_end;
    while (j_end < b.size() && !in_b[j_end]) ++j_end;
    for (; i < i_end || j < j_end; ++i, ++j) {
      const bool l = i < i_end, r = j < j_end;
      row(l ? a[i] : none, l && r ? '|' : l ? '<' : '>', r ? b[j] : none);
    }
    i = i_end;
    j = j_end;
    if (i < a.size() && j < b.size()) row(a[i++], ' ', b[j++]);
  }
  return out;
}

std::string run_name(const std::string& file, const Scenario& s) {
  return file + ", kernel " + kernel_version_name(s.machine.kernel);
}

// The second run's scenario: B.toml or A's again, its --kernel, then the --change.
std::optional<Scenario> second_scenario(const DiffOptions& o) {
  const std::string kernel = o.kernels.size() == 2 ? o.kernels[1] : o.kernels.size() == 1 ? o.kernels[0] : "";
  std::optional<Scenario> s = load_scenario(o.b.empty() ? o.a : o.b, kernel);
  if (!s || o.change.empty()) return s;
  ScenarioParse changed = change_scenario(*s, o.change);
  if (!changed.ok()) {
    std::cerr << "--change:" << changed.error->format() << "\n";
    return std::nullopt;
  }
  return std::move(*changed.scenario);
}

int diff(const DiffOptions& o) {
  if (o.b.empty() && o.kernels.empty() && o.change.empty()) {
    std::cerr << "cmwq: error: nothing to compare: give a second file, --kernel (once for the second run, or "
                 "twice) or --change\n";
    return kExitBadInput;
  }
  // One file and one --kernel: the file's own kernel against that one.
  const bool kernel_for_a = o.kernels.size() == 2 || (o.kernels.size() == 1 && !o.b.empty());
  std::optional<Scenario> a = load_scenario(o.a, kernel_for_a ? o.kernels[0] : "");
  if (!a) return kExitBadInput;
  std::optional<Scenario> b = second_scenario(o);
  if (!b) return kExitBadInput;
  Nanos until = std::max(a->until, b->until);
  if (!o.until.empty()) {
    const std::optional<Nanos> d = duration_option("--until", o.until);
    if (!d) return kExitBadInput;
    until = *d;
  }
  Simulation sa(build_world(*a), until), sb(build_world(*b), until);
  sa.run_until(until);
  sb.run_until(until);
  DivergenceFinder finder;
  finder.update({sa.world(), sa.events(), {until, true}}, {sb.world(), sb.events(), {until, true}});

  std::string text = "A: " + run_name(o.a, *a) + "\nB: " + run_name(o.b.empty() ? o.a : o.b, *b);
  if (!o.change.empty()) text += ", changed: " + o.change;
  text += "\nBoth run until " + format_msecs(until) + " ms. Between the tables: `|` lines differ, `<` only in A, " +
          "`>` only in B.\n\n";
  text += side_by_side(lines_of(format_table(sa.world(), sa.events())), lines_of(format_table(sb.world(), sb.events())));
  const std::optional<Divergence>& d = finder.found();
  if (!d) {
    text += "\nThe runs are the same: " + std::to_string(sa.events().size()) +
            " events, equal in time, type and description.\n";
  } else {
    text += "\nFirst difference: event " + std::to_string(d->index) + " at " + format_msecs(d->time) + " ms (the " +
            std::to_string(d->index) + " events before it are the same):\n";
    text += "  A: " + divergence_line(d->a, d->time) + "\n  B: " + divergence_line(d->b, d->time) + "\n";
  }
  const int written = write_output(text, "");
  return written != kExitOk ? written : d ? kExitDiffer : kExitOk;
}

}  // namespace

Action add_diff(CLI::App& app) {
  auto o = std::make_shared<DiffOptions>();
  CLI::App* sub = app.add_subcommand(
      "diff", "Run two scenarios (or one twice, changed) and show where they differ: exit 0 same, 1 different");
  sub->add_option("A", o->a, "The first run's scenario file")->required();
  sub->add_option("B", o->b, "The second run's scenario file (default: A again, with --kernel or --change)");
  std::vector<std::string> names;
  for (const KernelVersion& v : kernel_versions()) names.push_back(v.name);
  sub->add_option("--kernel", o->kernels,
                  "Kernel generation: twice for A then B; once for the second run of one file, or for both "
                  "runs of two files")
      ->check(CLI::IsMember(names))
      ->expected(0, 2);
  sub->add_option("--change", o->change,
                  "Change the second run, e.g. \"flags writeback -WQ_MEM_RECLAIM\", \"max_active q0 1\", \"cpus 2\", "
                  "\"at 2 5ms\", \"drop 2\", \"kernel 6.12.0\" (docs/scenario-format.md)");
  sub->add_option("--until", o->until, "Run both until this time instead of the longer [run] until, e.g. 50ms");
  sub->footer(
      "The first difference compares events by time, type and description (the event log's words), so ids\n"
      "that shift between the runs do not count.\n"
      "Examples:\n"
      "  cmwq diff scenarios/doc-max-active-1.toml scenarios/doc-max-active-2.toml\n"
      "  cmwq diff scenarios/starvation-rescuer.toml --kernel 6.12.0\n"
      "  cmwq diff scenarios/starvation-rescuer.toml --change \"flags writeback -WQ_MEM_RECLAIM\"");
  return [sub, o]() { return sub->parsed() ? diff(*o) : -1; };
}

}  // namespace cmwq::cli
