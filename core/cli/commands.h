#pragma once
// The `cmwq` subcommands: each adds itself to the command line and runs when chosen.

#include <functional>

namespace CLI {
class App;
}

namespace cmwq::cli {

/// What a chosen subcommand runs; returns the process exit status.
using Action = std::function<int()>;

/// `cmwq run FILE [--until T] [--format F] [-o OUT]`.
Action add_run(CLI::App& app);
/// `cmwq dump FILE [--at T] [-o OUT]`.
Action add_dump(CLI::App& app);
/// `cmwq check FILE...`.
Action add_check(CLI::App& app);
/// `cmwq diff A.toml [B.toml] [--kernel X [--kernel Y]] [--change TEXT] [--until T]`.
Action add_diff(CLI::App& app);
/// `cmwq lab list|show|check|grade`.
Action add_lab(CLI::App& app);
/// `cmwq export-ops FILE [--name NAME] [-o OUT]`.
Action add_export_ops(CLI::App& app);
/// `cmwq import TRACE [--section NAME] [--hz N] [--format F] [-o OUT]`.
Action add_import(CLI::App& app);
/// `cmwq compare-trace SCENARIO TRACE [--sched S] [--tolerance T] [--known FILE] ...`.
Action add_compare_trace(CLI::App& app);

}  // namespace cmwq::cli
