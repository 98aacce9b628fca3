#if canImport(Glibc)
import Glibc
#endif

/// SplitMix64: tiny, fast and deterministic, so every failure replays from its seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// How long the fuzz tests run. By default a fixed, short list of seeds (a few seconds in a
/// debug build); `make soak` sets ISKRA_SOAK_SECONDS to keep drawing new seeds for that long;
/// ISKRA_FUZZ_SEED=N replays one seed.
public enum FuzzBudget {
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    public static var soakSeconds: Double { environment("ISKRA_SOAK_SECONDS").flatMap(Double.init) ?? 0 }

    /// Runs `body` for each seed: `defaultSeeds` fixed ones, or seeds drawn until the soak time
    /// is up, or only ISKRA_FUZZ_SEED. Returns how many seeds ran.
    @discardableResult
    public static func forEachSeed(base: UInt64, defaultSeeds: Int, _ body: (UInt64) -> Void) -> Int {
        if let replay = environment("ISKRA_FUZZ_SEED").flatMap(UInt64.init) {
            body(replay)
            return 1
        }
        let soak = soakSeconds
        if soak <= 0 {
            for i in 0..<UInt64(defaultSeeds) { body(base &+ i) }
            return defaultSeeds
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(soak * 1000))
        var count = 0
        // Soak seeds start past the default ones, so a soak explores new ground.
        var seedSource = SplitMix64(seed: base ^ UInt64(UInt32(truncatingIfNeeded: time(nil))))
        while clock.now < deadline {
            body(count < defaultSeeds ? base &+ UInt64(count) : seedSource.next())
            count += 1
        }
        return count
    }
}

extension FuzzBudget {
    /// Writes the seed about to run to `$TMPDIR/iskra-fuzz-NAME.seed`, so a crash (which ends
    /// the test process before any message) can still be replayed with ISKRA_FUZZ_SEED.
    public static func note(_ name: String, seed: UInt64) {
        let directory = environment("TMPDIR") ?? "/tmp"
        let path = directory + "/iskra-fuzz-\(name).seed"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let text = Array("\(seed)\n".utf8)
        _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
