#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Explorer
import Synchronization

/// Where background jobs leave their results for the event loop: actions in order, and a
/// pipe the terminal watches beside its input, so the loop wakes the moment one is in.
final class Jobs: Sendable {
    /// Actions posted, in order; `ends` marks a job's last (its result).
    private let results = Mutex<[(actions: [Action], ends: Bool)]>([])
    private let pipeEnds: (read: Int32, write: Int32)
    /// Jobs started and not yet taken back: while there are any, the loop's reads watch the
    /// pipe (and an in-memory terminal waits for them instead of ending).
    private let outstanding = Atomic<Int>(0)

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK); _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        pipeEnds = (ends[0], ends[1])
    }

    deinit {
        close(pipeEnds.read)
        close(pipeEnds.write)
    }

    /// The descriptor to watch while jobs are out, else nil.
    var wake: Int32? { outstanding.load(ordering: .acquiring) > 0 && pipeEnds.read >= 0 ? pipeEnds.read : nil }

    /// Runs `work` off the loop's thread (on `queue`, after `delay`); the actions it returns
    /// reach the loop in order.
    func start(on queue: DispatchQueue = .global(qos: .userInitiated), after delay: DispatchTimeInterval? = nil,
               _ work: @escaping @Sendable () -> [Action]) {
        startReporting(on: queue, after: delay) { _ in work() }
    }

    /// As `start`, for a job that also reports as it goes: what it gives `report` reaches the
    /// loop before its result (progress of a long load).
    func startReporting(on queue: DispatchQueue = .global(qos: .userInitiated), after delay: DispatchTimeInterval? = nil,
                        _ work: @escaping @Sendable (_ report: @escaping @Sendable ([Action]) -> Void) -> [Action]) {
        outstanding.add(1, ordering: .acquiringAndReleasing)
        let job: @Sendable () -> Void = { [self] in
            let actions = work { [self] progress in post(progress, ends: false) }
            // Counted as one result even when it has no action, so `outstanding` goes down.
            post(actions, ends: true)
        }
        if let delay { queue.asyncAfter(deadline: .now() + delay, execute: job) } else { queue.async(execute: job) }
    }

    private func post(_ actions: [Action], ends: Bool) {
        results.withLock { $0.append((actions, ends)) }
        var byte: UInt8 = 1
        _ = write(pipeEnds.write, &byte, 1)
    }

    /// The results in so far, in the order they came.
    func take() -> [Action] {
        // Nothing out: no pipe to read (this runs after every key).
        guard outstanding.load(ordering: .acquiring) > 0 else { return [] }
        var sink = [UInt8](repeating: 0, count: 64)
        while read(pipeEnds.read, &sink, sink.count) > 0 {}
        let taken = results.withLock { results in
            defer { results.removeAll() }
            return results
        }
        outstanding.subtract(taken.count { $0.ends }, ordering: .acquiringAndReleasing)
        return taken.flatMap(\.actions)
    }
}
