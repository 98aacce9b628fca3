// Building a large book's derived data (search index, people, catalog, dates) on every core.
// Each build splits its work into contiguous parts in book order, runs the parts side by side
// and joins their results in order, so the result is the one a single thread gives: the
// tests build each both ways and compare.

import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// How many threads a build may use, and from what size of text.
public struct Parallelism: Sendable, Equatable {
    /// Threads at most.
    public var workers: Int
    /// Texts of fewer bytes are built on one thread: for them starting threads costs more
    /// than it saves.
    public var minimumBytes: Int

    public init(workers: Int, minimumBytes: Int) {
        self.workers = max(1, workers)
        self.minimumBytes = minimumBytes
    }

    /// The processors online, at most 8, from 1 MB of text. Each part of the search index
    /// holds a word table of its own (megabytes for a large vocabulary): more parts would
    /// cost memory for little time.
    public static let automatic = Parallelism(workers: min(activeProcessorCount, 8), minimumBytes: 1 << 20)
    /// One thread whatever the size.
    public static let sequential = Parallelism(workers: 1, minimumBytes: .max)

    /// Threads for `bytes` of text.
    func workers(forBytes bytes: Int) -> Int { bytes < minimumBytes ? 1 : workers }

    /// Processors online (what Foundation's `activeProcessorCount` gives, without Foundation).
    static let activeProcessorCount: Int = {
        #if canImport(Glibc)
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }()

    /// `0..<count` cut into at most `parts` contiguous ranges of about equal weight (a
    /// range is never empty; fewer when there are fewer items).
    static func split(_ count: Int, parts: Int, weight: (Int) -> Int) -> [Range<Int>] {
        guard parts > 1, count > 1 else { return count > 0 ? [0..<count] : [] }
        var total = 0
        for i in 0..<count { total += weight(i) }
        var ranges: [Range<Int>] = []
        var start = 0, sum = 0
        for i in 0..<count {
            sum += weight(i)
            // Part k ends once the running weight reaches k/parts of the total.
            if i + 1 < count, ranges.count + 1 < parts, sum * parts >= total * (ranges.count + 1) {
                ranges.append(start..<(i + 1))
                start = i + 1
            }
        }
        ranges.append(start..<count)
        return ranges
    }

    /// `work(k)` for every k in `0..<count`, side by side; the results in order of k.
    static func map<T>(_ count: Int, _ work: (Int) -> T) -> [T] {
        if count <= 1 { return count == 1 ? [work(0)] : [] }
        let slots = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { slots.deallocate() }
        // Each part writes only its own slot, and concurrentPerform returns after all have.
        nonisolated(unsafe) let out = slots
        withoutActuallyEscaping(work) { work in
            nonisolated(unsafe) let work = work
            DispatchQueue.concurrentPerform(iterations: count) { k in
                (out.baseAddress! + k).initialize(to: work(k))
            }
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = buffer.moveInitialize(fromContentsOf: slots)
            initialized = count
        }
    }
}
