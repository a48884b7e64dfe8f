#include "core/trace/event_log.h"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstring>

namespace cmwq {
namespace {

constexpr int kFields = 8;  // cpu, task, work, pool, pwq, wq, a, b
using Fields = std::array<int64_t, kFields>;
constexpr Fields kUnset = {-1, -1, -1, -1, -1, -1, 0, 0};  // an Event's defaults
constexpr size_t kTypeSlots = 256;  // type values past this share slot 255's history

Fields fields_of(const Event& e) { return {e.cpu, e.task, e.work, e.pool, e.pwq, e.wq, e.a, e.b}; }

void set_fields(Event& e, const Fields& f) {
  e.cpu = static_cast<int16_t>(f[0]);
  e.task = static_cast<int32_t>(f[1]), e.work = static_cast<int32_t>(f[2]), e.pool = static_cast<int32_t>(f[3]);
  e.pwq = static_cast<int32_t>(f[4]), e.wq = static_cast<int32_t>(f[5]);
  e.a = f[6], e.b = f[7];
}

// Differences are taken modulo 2^64 and zigzagged so small ones of either sign are small.
uint64_t zigzag(int64_t value, int64_t from) {
  const uint64_t d = static_cast<uint64_t>(value) - static_cast<uint64_t>(from);
  return (d << 1) ^ (0 - (d >> 63));
}
int64_t unzigzag(uint64_t z, int64_t from) {
  const uint64_t d = (z >> 1) ^ (0 - (z & 1));
  return static_cast<int64_t>(static_cast<uint64_t>(from) + d);
}

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}
uint64_t get_varint(const uint8_t*& p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = *p++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80) || shift >= 63) return v;
  }
}

// Where an event's fields are predicted from. The coder takes whichever gets the most
// fields right (best_predictor()): the events of one work's execution share its task,
// work, pool and pwq, and each CPU repeats the same pattern, so "the last event", "the
// last of this type" and "the last of this type on this CPU" between them predict most
// fields exactly.
enum Predictor : uint8_t {
  kSameType,        // the block's last event of this type (kUnset if none yet)
  kSameTypeAndCpu,  // cpu from the last event; the rest from the last of this type on that cpu
  kLastEvent,       // the block's last event, whatever its type (kUnset first)
};
// In the predictor's place: a time step too long to share its varint follows.
constexpr uint64_t kLongStep = 3;
constexpr size_t kPairSlots = 1024;  // a direct-mapped table of (type, cpu): collisions just forget

// What the coder remembers within one block: the block's events so far (the ones being
// coded, or the ones decoded), the last time and seq, and by index into those events the
// last of each type and of recent (type, cpu) pairs. Tables are left uninitialised: the
// `seen` bitsets say which entries are set.
struct BlockState {
  explicit BlockState(const Event* block) : events(block) {}
  const Event* events;  // the block's events; [0, next) are coded (or decoded)
  size_t next = 0;      // index of the event being coded
  Nanos time = 0;
  uint64_t seq = 0;
  std::array<uint16_t, kTypeSlots> by_type;
  std::bitset<kTypeSlots> type_seen;
  std::array<uint16_t, kPairSlots> by_pair;
  std::array<uint32_t, kPairSlots> pair_key;
  std::bitset<kPairSlots> pair_seen;

  static size_t type_slot(EventType t) { return std::min<size_t>(static_cast<size_t>(t), kTypeSlots - 1); }
  static uint32_t key(EventType t, int64_t cpu) {
    return static_cast<uint32_t>(type_slot(t)) << 16 | static_cast<uint16_t>(cpu);
  }
  static size_t pair_slot(uint32_t key) { return (key * 0x9E3779B1u) >> 22; }  // 10 bits: kPairSlots
  Fields last_event() const { return next ? fields_of(events[next - 1]) : kUnset; }
  Fields of_type(EventType t) const {
    const size_t slot = type_slot(t);
    return type_seen[slot] ? fields_of(events[by_type[slot]]) : kUnset;
  }
  // kSameTypeAndCpu's prediction for an event of type @p t on @p cpu: the cpu from the
  // last event, the rest from the last of this type on that cpu (or of this type).
  Fields of_pair(EventType t, int64_t cpu) const {
    const uint32_t k = key(t, cpu);
    const size_t slot = pair_slot(k);
    Fields f = pair_seen[slot] && pair_key[slot] == k ? fields_of(events[by_pair[slot]]) : of_type(t);
    f[0] = next ? events[next - 1].cpu : kUnset[0];
    return f;
  }
  Fields predict(Predictor p, EventType t, int64_t cpu) const {
    return p == kSameType ? of_type(t) : p == kLastEvent ? last_event() : of_pair(t, cpu);
  }
  // events[next] is coded: remember it and move on.
  void remember() {
    const Event& e = events[next];
    const size_t ts = type_slot(e.type);
    by_type[ts] = static_cast<uint16_t>(next), type_seen[ts] = true;
    const uint32_t k = key(e.type, e.cpu);
    const size_t ps = pair_slot(k);
    by_pair[ps] = static_cast<uint16_t>(next), pair_key[ps] = k, pair_seen[ps] = true;
    time = e.time;
    seq = e.seq + 1;
    ++next;
  }
};
static_assert(kPairSlots == size_t{1} << 10, "pair_slot() keeps 10 bits");
static_assert(EventLog::kBlockEvents <= 65536, "BlockState indexes a block's events in 16 bits");

uint8_t mask_of(const Fields& f, const Fields& from) {
  uint8_t mask = 0;
  for (int i = 0; i < kFields; ++i)
    if (f[i] != from[i]) mask |= static_cast<uint8_t>(1u << i);
  return mask;
}

// How many fields of @p f differ from prediction @p from.
int misses(const Fields& f, const Fields& from) { return std::popcount(mask_of(f, from)); }

// The predictor that gets the most fields of @p f right (in a tie, the first tried).
// Counting fields rather than bytes costs a few tenths of a byte an event and is much
// cheaper. The pair is tried first: in a steady run it usually predicts every field.
Predictor best_predictor(const Fields& f, EventType type, const BlockState& s) {
  const int pair = misses(f, s.of_pair(type, f[0]));
  if (pair == 0) return kSameTypeAndCpu;
  const int last = misses(f, s.last_event());
  if (last == 0) return kLastEvent;
  const int same = misses(f, s.of_type(type));
  if (same < pair && same < last) return kSameType;
  return last < pair ? kLastEvent : kSameTypeAndCpu;
}

// One event: (type << 1 | seq irregular); (time step << 3 | predictor << 1 | any field
// changed); [the mask of fields that differ from the prediction]; [the seq step]; the
// changed fields. Seq steps count from the previous seq + 1 (for the block's first
// event, from the block's first index). A time step of 2^61 or more (zigzagged) is
// written (kLongStep << 1), then (predictor << 1 | any changed) as a byte, then the step.
void encode_event(BlockState& s, std::vector<uint8_t>& out) {
  const Event& e = s.events[s.next];
  const Fields f = fields_of(e);
  const Predictor best = best_predictor(f, e.type, s);
  const Fields from = s.predict(best, e.type, f[0]);
  const uint8_t mask = mask_of(f, from);
  const bool irregular = e.seq != s.seq;
  put_varint(out, static_cast<uint64_t>(e.type) << 1 | (irregular ? 1u : 0u));
  const uint64_t step = zigzag(e.time, s.time), how = static_cast<uint64_t>(best) << 1 | (mask ? 1u : 0u);
  if (step >> 61) {
    put_varint(out, kLongStep << 1);
    out.push_back(static_cast<uint8_t>(how));
    put_varint(out, step);
  } else {
    put_varint(out, step << 3 | how);
  }
  if (mask) out.push_back(mask);
  if (irregular) put_varint(out, zigzag(static_cast<int64_t>(e.seq), static_cast<int64_t>(s.seq)));
  for (int i = 0; i < kFields; ++i)
    if (mask & (1u << i)) put_varint(out, zigzag(f[i], from[i]));
  s.remember();
}

// Decodes the next event into @p e, which is s.events[s.next].
void decode_event(const uint8_t*& p, BlockState& s, Event& e) {
  const uint64_t head = get_varint(p);
  e.type = static_cast<EventType>(head >> 1);
  uint64_t step = get_varint(p), how = step & 7;
  if (how >> 1 == kLongStep) how = *p++, step = get_varint(p);
  else step >>= 3;
  const auto predictor = static_cast<Predictor>(how >> 1);
  const uint8_t mask = (how & 1) ? *p++ : 0;
  e.time = unzigzag(step, s.time);
  e.seq = (head & 1) ? static_cast<uint64_t>(unzigzag(get_varint(p), static_cast<int64_t>(s.seq))) : s.seq;
  // The cpu first: kSameTypeAndCpu's prediction of the rest depends on it.
  Fields f = s.predict(predictor == kSameType ? kSameType : kLastEvent, e.type, 0);
  if (mask & 1u) f[0] = unzigzag(get_varint(p), f[0]);
  if (predictor == kSameTypeAndCpu) {
    const int64_t cpu = f[0];
    f = s.of_pair(e.type, cpu);
    f[0] = cpu;
  }
  for (int i = 1; i < kFields; ++i)
    if (mask & (1u << i)) f[i] = unzigzag(get_varint(p), f[i]);
  set_fields(e, f);
  s.remember();
}

}  // namespace

EventLog::EventLog(const std::vector<Event>& events) {
  for (const Event& e : events) push_back(e);
}

EventLog::EventLog(const EventLog& other) : blocks_(other.blocks_), tail_(other.tail_) {
  chunks_.reserve(other.chunks_.size());
  for (const Chunk& c : other.chunks_) {
    Chunk copy{std::make_unique<uint8_t[]>(kChunkBytes), c.used};
    std::memcpy(copy.bytes.get(), c.bytes.get(), c.used);
    chunks_.push_back(std::move(copy));
  }
}

EventLog& EventLog::operator=(const EventLog& other) {
  if (this != &other) *this = EventLog(other);
  return *this;
}

Event EventLog::operator[](size_t i) const {
  const size_t sealed = sealed_events();
  if (i >= sealed) return tail_[i - sealed];
  const size_t block = i / kBlockEvents;
  if (block != cached_block_) {
    decode(block, cache_);
    cached_block_ = block;
  }
  return cache_[i % kBlockEvents];
}

void EventLog::push_back(const Event& e) {
  tail_.push_back(e);
  if (tail_.size() == kBlockEvents) seal();
}

void EventLog::seal() {
  BlockState state(tail_.data());
  state.seq = blocks_.size() * kBlockEvents;  // the usual seq of the block's first event
  std::vector<uint8_t> bytes;
  bytes.reserve(tail_.size() * 8);
  while (state.next < tail_.size()) encode_event(state, bytes);
  store(bytes);
  tail_.clear();
}

void EventLog::store(const std::vector<uint8_t>& block) {
  if (chunks_.empty() || chunks_.back().used + block.size() > kChunkBytes)
    chunks_.push_back(Chunk{std::make_unique<uint8_t[]>(kChunkBytes), 0});
  Chunk& c = chunks_.back();
  std::memcpy(c.bytes.get() + c.used, block.data(), block.size());
  blocks_.push_back(BlockAt{static_cast<uint32_t>(chunks_.size() - 1), static_cast<uint32_t>(c.used),
                            static_cast<uint32_t>(block.size())});
  c.used += block.size();
}

void EventLog::decode(size_t block, std::vector<Event>& out) const {
  const BlockAt& at = blocks_[block];
  const uint8_t* p = chunks_[at.chunk].bytes.get() + at.offset;
  out.resize(kBlockEvents);
  BlockState state(out.data());
  state.seq = block * kBlockEvents;
  for (Event& e : out) decode_event(p, state, e);
}

void EventLog::resize(size_t n) {
  const size_t sealed = sealed_events();
  if (n >= size()) return;
  if (n >= sealed) {
    tail_.resize(n - sealed);
    return;
  }
  const size_t block = n / kBlockEvents;
  decode(block, tail_);
  tail_.resize(n % kBlockEvents);
  const BlockAt at = blocks_[block];
  chunks_.resize(at.chunk + 1);
  chunks_.back().used = at.offset;
  if (at.offset == 0) chunks_.pop_back();
  blocks_.resize(block);
  if (cached_block_ >= block) cached_block_ = SIZE_MAX;
}

std::vector<Event> EventLog::slice(size_t first, size_t last) const {
  std::vector<Event> out;
  last = std::min(last, size());
  if (first < last) out.reserve(last - first);
  for (size_t i = first; i < last; ++i) out.push_back((*this)[i]);
  return out;
}

uint64_t EventLog::bytes_used() const {
  uint64_t sum = 0;
  for (const Chunk& c : chunks_) sum += c.used;
  return sum;
}

uint64_t EventLog::footprint() const {
  constexpr uint64_t kBlockAtBytes = 12, kEventBytes = 56;  // 64-bit sizes (sizeof(Event) = 56)
  return chunks_.size() * uint64_t{kChunkBytes} + blocks_.size() * kBlockAtBytes + 2 * kBlockEvents * kEventBytes;
}

}  // namespace cmwq
