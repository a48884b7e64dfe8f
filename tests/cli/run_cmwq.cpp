// Runs the real `cmwq` binary and captures its output.
#include "run_cmwq.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cmwq::test {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

CmwqRun run_cmwq(const std::string& args) {
  const std::string dir = ::testing::TempDir();
  const std::string out = dir + "/cmwq.out." + std::to_string(::getpid());
  const std::string err = dir + "/cmwq.err." + std::to_string(::getpid());
  const std::string cmd = std::string("cd '") + CMWQ_SOURCE_DIR + "' && '" + CMWQ_BINARY + "' " + args + " >'" + out +
                          "' 2>'" + err + "'";
  const int raw = std::system(cmd.c_str());
  CmwqRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

}  // namespace cmwq::test
