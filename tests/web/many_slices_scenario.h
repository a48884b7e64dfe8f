#pragma once
// A scenario for the Timeline's size tests and benchmark: three self-requeueing works on
// two CPUs make about 51 000 work slices in 500 ms.

namespace cmwq::test {

inline constexpr const char* kManySlicesScenario = R"(
title = "many slices"
description = "self-requeueing works on two CPUs"
[machine]
cpus = 2
[[workqueue]]
name = "q0"
[[workqueue]]
name = "q1"
[[work]]
name = "a"
program = ["burn 20us", "sleep 30us", "queue_work q0 a cpu=0"]
[[work]]
name = "b"
program = ["burn 30us", "sleep 20us", "queue_work q1 b cpu=1"]
[[work]]
name = "c"
program = ["burn 10us", "queue_work q1 c cpu=0"]
[[at]]
time = "0ms"
do = ["queue_work q0 a cpu=0", "queue_work q1 b cpu=1", "queue_work q1 c cpu=0"]
[run]
until = "500ms"
)";

}  // namespace cmwq::test
