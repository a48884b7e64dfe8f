#include "core/trace/event_log.h"

#include <algorithm>
#include <array>
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

// What the coder remembers within one block: the last time and seq, and each type's
// last fields (a type not seen yet in the block starts from kUnset).
struct BlockState {
  Nanos time = 0;
  uint64_t seq = 0;
  std::array<Fields, kTypeSlots> last;  // left uninitialised: `seen` says which are set
  std::bitset<kTypeSlots> seen;
  Fields& of(EventType t) {
    const size_t slot = std::min<size_t>(static_cast<size_t>(t), kTypeSlots - 1);
    if (!seen[slot]) seen[slot] = true, last[slot] = kUnset;
    return last[slot];
  }
};

// One event: (type << 1 | seq irregular), the mask of changed fields, the time step,
// [the seq step], the changed fields. Seq steps count from the previous seq + 1 (for the
// block's first event, from the block's first index).
void encode_event(const Event& e, BlockState& s, std::vector<uint8_t>& out) {
  Fields& last = s.of(e.type);
  const Fields f = fields_of(e);
  uint8_t mask = 0;
  for (int i = 0; i < kFields; ++i)
    if (f[i] != last[i]) mask |= static_cast<uint8_t>(1u << i);
  const bool irregular = e.seq != s.seq;
  put_varint(out, static_cast<uint64_t>(e.type) << 1 | (irregular ? 1u : 0u));
  out.push_back(mask);
  put_varint(out, zigzag(e.time, s.time));
  if (irregular) put_varint(out, zigzag(static_cast<int64_t>(e.seq), static_cast<int64_t>(s.seq)));
  for (int i = 0; i < kFields; ++i)
    if (mask & (1u << i)) put_varint(out, zigzag(f[i], last[i]));
  last = f;
  s.time = e.time;
  s.seq = e.seq + 1;
}

Event decode_event(const uint8_t*& p, BlockState& s) {
  Event e;
  const uint64_t head = get_varint(p);
  e.type = static_cast<EventType>(head >> 1);
  const uint8_t mask = *p++;
  e.time = unzigzag(get_varint(p), s.time);
  e.seq = (head & 1) ? static_cast<uint64_t>(unzigzag(get_varint(p), static_cast<int64_t>(s.seq))) : s.seq;
  Fields& last = s.of(e.type);
  for (int i = 0; i < kFields; ++i)
    if (mask & (1u << i)) last[i] = unzigzag(get_varint(p), last[i]);
  set_fields(e, last);
  s.time = e.time;
  s.seq = e.seq + 1;
  return e;
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
  BlockState state;
  state.seq = blocks_.size() * kBlockEvents;  // the usual seq of the block's first event
  std::vector<uint8_t> bytes;
  bytes.reserve(tail_.size() * 8);
  for (const Event& e : tail_) encode_event(e, state, bytes);
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
  BlockState state;
  state.seq = block * kBlockEvents;
  out.resize(kBlockEvents);
  for (Event& e : out) e = decode_event(p, state);
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
