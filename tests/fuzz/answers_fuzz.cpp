// libFuzzer target: any bytes as an answers file for lab 05-mem-reclaim (the file
// `cmwq lab check --answers` reads). Each input gives answers or one located error.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/lab/lab.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

const cmwq::Lab& lab05() {
  static const cmwq::Lab lab = [] {
    cmwq::LabFiles files;
    files.dir = "05-mem-reclaim";
    const std::string dir = std::string(CMWQ_SOURCE_DIR) + "/labs/05-mem-reclaim";
    for (const auto& e : std::filesystem::directory_iterator(dir))
      files.files[e.path().filename().string()] = cmwq::fuzz::source_file("labs/05-mem-reclaim/" + e.path().filename().string());
    const cmwq::LabParse p = cmwq::load_lab(files);
    if (!p.lab) __builtin_trap();
    return *p.lab;
  }();
  return lab;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cmwq::ScenarioError error;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto answers = cmwq::parse_answers(text, "answers.toml", lab05(), error);
  if (!answers && (error.pos.line < 1 || error.pos.column < 1 || error.message.empty())) __builtin_trap();
  return 0;
}
