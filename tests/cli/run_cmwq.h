#pragma once
// Runs the real `cmwq` binary from the source tree and captures what it printed.

#include <string>

namespace cmwq::test {

struct CmwqRun {
  int status = -1;   ///< Exit status.
  std::string out;   ///< Standard output.
  std::string err;   ///< Standard error.
};

/// Runs `cmwq ARGS` (a shell word list) with the repository as working directory.
CmwqRun run_cmwq(const std::string& args);

/// Reads a whole file.
std::string slurp(const std::string& path);

/// The lines of @p text (without their newlines).
int count_lines(const std::string& text);

}  // namespace cmwq::test
