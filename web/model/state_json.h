#pragma once
/// @file
/// @brief A JSON summary of the lab's state for the automation API (window.cmwq.state()):
/// pools and their workers, workqueues with their wq_monitor counters, memory, and the
/// event stream (counts per type, the latest mayday and rescuer events, the last lines).
///
/// It holds only facts of the simulated run (no frame counters, no playback state), so
/// two states compare equal exactly when the runs stand at the same point. The format is
/// described in docs/automation-api.md.

#include <string>

namespace cmwq::web {

class Session;
class EventIndex;
class EventFormatter;

/// The summary as a JSON object. @p index and @p text must be up to date with the log.
std::string state_json(const Session& session, const EventIndex& index, const EventFormatter& text);

}  // namespace cmwq::web
