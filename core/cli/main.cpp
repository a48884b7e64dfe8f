// The `cmwq` command line: runs scenarios, exports traces, checks labs.
#include <cstdio>
#include <cstring>

#include "core/version.h"

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--version") == 0)) {
    std::printf("cmwq %s (models Linux %s workqueues)\n", cmwq::core_version(), cmwq::modelled_kernel());
    return 0;
  }
  std::fprintf(stderr, "usage: cmwq --version\n");
  return 2;
}
