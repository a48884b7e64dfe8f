// libFuzzer target: any bytes as a lab.toml, next to a small valid scenario. Each input
// gives a lab or one located error; a lab that loads has its questions answered by the
// model without crashing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/lab/lab.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cmwq::LabFiles files;
  files.dir = "99-fuzz";
  files.files["lab.toml"] = std::string(reinterpret_cast<const char*>(data), size);
  files.files["s.toml"] = cmwq::fuzz::source_file("scenarios/doc-max-active-2.toml");
  const cmwq::LabParse p = cmwq::load_lab(files);
  if (!p.lab) {
    if (!p.error || p.error->pos.line < 1 || p.error->message.empty()) __builtin_trap();
    return 0;
  }
  cmwq::LabChecker checker(*p.lab, files);
  for (size_t q = 0; q < p.lab->questions.size(); ++q) checker.check_answer(q, "1ms");
  return 0;
}
