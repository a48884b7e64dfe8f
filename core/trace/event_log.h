#pragma once
/// @file
/// @brief EventLog: every event of a run, kept compactly (about 3.5-6 bytes an event
/// instead of sizeof(Event), 56), read back as Events by index.
///
/// Why compact: a hundred million events must fit the browser's 2 GiB heap beside the
/// world and its snapshots. Why not keep summaries and replay windows instead: every
/// reader (the exports, the Timeline, the event log, the labs' queries) reads events by
/// index, and decoding a block is a few microseconds, so one representation serves all.
///
/// Layout: events are sealed in blocks of kBlockEvents. A sealed block is a byte string:
/// per event its type, the time step from the previous event, which earlier event of the
/// block predicts its fields (the last one, the last of its type, or the last of its
/// type on its CPU: whichever gets most fields right), a mask of the fields that differ
/// from that prediction, and the changed fields as zigzag varints of their difference.
/// The block being filled (the tail) is kept as plain Events. Bytes live in fixed chunks
/// that are never moved, so growing the log never holds two copies (a doubling vector
/// would, at its largest exactly when memory is shortest). Reading an event of a sealed
/// block decodes the block into a cache, so reading in order costs one decode per block.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

#include "core/trace/event.h"

namespace cmwq {

/// Every event of a run, in order, compactly. Reads return Events by value.
///
/// Invariants: size() == sealed blocks x kBlockEvents + tail size; the tail holds fewer
/// than kBlockEvents events; a block's bytes lie within one chunk; chunks after the one
/// the last sealed block ends in are freed by truncation (resize()).
class EventLog {
 public:
  /// Events per sealed block: the unit of decoding.
  static constexpr size_t kBlockEvents = 256;
  /// Bytes per storage chunk (the unit the footprint grows by).
  static constexpr size_t kChunkBytes = size_t{1} << 20;

  /// An empty log.
  EventLog() = default;
  /// A log of @p events (implicit, so functions reading a log accept a plain vector too).
  EventLog(const std::vector<Event>& events);  // NOLINT(google-explicit-constructor)
  /// A copy (the decode cache is not shared).
  EventLog(const EventLog& other);
  /// Copies @p other.
  EventLog& operator=(const EventLog& other);
  /// Moves.
  EventLog(EventLog&&) noexcept = default;
  /// Moves.
  EventLog& operator=(EventLog&&) noexcept = default;
  ~EventLog() = default;

  /// Number of events.
  size_t size() const { return sealed_events() + tail_.size(); }
  /// True when there are none.
  bool empty() const { return size() == 0; }
  /// Event @p i (i < size()).
  Event operator[](size_t i) const;
  /// The last event (the log must not be empty).
  Event back() const { return (*this)[size() - 1]; }
  /// Appends @p e.
  void push_back(const Event& e);
  /// Keeps the first @p n events (n <= size()); larger n is ignored.
  void resize(size_t n);
  /// Removes every event.
  void clear() { resize(0); }
  /// The events [@p first, @p last) as a vector.
  std::vector<Event> slice(size_t first, size_t last) const;
  /// Bytes the sealed blocks' encodings take (what the chunks hold, without their free end).
  uint64_t bytes_used() const;
  /// Bytes held: chunks, the block index, the tail's places (64-bit sizes: the same
  /// figure on every platform for the same events).
  uint64_t footprint() const;

  /// A random-access iterator reading events by value.
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;  ///< For std::lower_bound.
    using value_type = Event;                                     ///< What it reads.
    using difference_type = std::ptrdiff_t;                       ///< Distance.
    using pointer = void;                                         ///< Not addressable.
    using reference = Event;                                      ///< Read by value.
    const_iterator() = default;
    /// Position @p i of @p log.
    const_iterator(const EventLog* log, size_t i) : log_(log), i_(i) {}
    /// The event here.
    Event operator*() const { return (*log_)[i_]; }
    /// The event @p n further.
    Event operator[](difference_type n) const { return (*log_)[static_cast<size_t>(static_cast<difference_type>(i_) + n)]; }
    /// Next.
    const_iterator& operator++() { ++i_; return *this; }
    /// Next (postfix).
    const_iterator operator++(int) { const_iterator t = *this; ++i_; return t; }
    /// Previous.
    const_iterator& operator--() { --i_; return *this; }
    /// Previous (postfix).
    const_iterator operator--(int) { const_iterator t = *this; --i_; return t; }
    /// Moves by @p n.
    const_iterator& operator+=(difference_type n) { i_ = static_cast<size_t>(static_cast<difference_type>(i_) + n); return *this; }
    /// Moves back by @p n.
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    /// Moved by @p n.
    const_iterator operator+(difference_type n) const { const_iterator t = *this; return t += n; }
    /// Moved back by @p n.
    const_iterator operator-(difference_type n) const { const_iterator t = *this; return t -= n; }
    /// Distance.
    difference_type operator-(const_iterator o) const { return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_); }
    /// Same position.
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    /// Order of positions.
    auto operator<=>(const const_iterator& o) const { return i_ <=> o.i_; }
    /// The index it stands at.
    size_t index() const { return i_; }

   private:
    const EventLog* log_ = nullptr;
    size_t i_ = 0;
  };
  /// The first event.
  const_iterator begin() const { return const_iterator(this, 0); }
  /// Past the last event.
  const_iterator end() const { return const_iterator(this, size()); }

 private:
  struct Chunk {
    std::unique_ptr<uint8_t[]> bytes;
    size_t used = 0;
  };
  struct BlockAt {
    uint32_t chunk = 0;   ///< Chunk holding the block.
    uint32_t offset = 0;  ///< Its first byte in the chunk.
    uint32_t bytes = 0;   ///< Its length.
  };
  size_t sealed_events() const { return blocks_.size() * kBlockEvents; }
  void seal();  // encodes the full tail as a new block
  void decode(size_t block, std::vector<Event>& out) const;
  void store(const std::vector<uint8_t>& block);

  std::vector<Chunk> chunks_;
  std::vector<BlockAt> blocks_;
  std::vector<Event> tail_;  // the block being filled, as Events
  // Decode cache: the last sealed block read. Not part of the log's value.
  mutable std::vector<Event> cache_;
  mutable size_t cached_block_ = SIZE_MAX;
};

}  // namespace cmwq
