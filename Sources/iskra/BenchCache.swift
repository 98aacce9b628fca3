import IskraCore
#if canImport(Glibc)
import Glibc
#endif

// `search WORD --count` from the command line, cold (an empty cache: parse, index, write the
// cache) and warm (answered from the cache), beside `rg -c -i WORD` on the same file when rg
// is installed: whole processes, as a script would run them. Kept apart from the in-process
// timings in BenchCommand.swift.

enum BenchCache {
    static let word = "kronst"

    struct Run {
        var milliseconds: Double
        var output: String
    }

    struct Result {
        var label: String
        var key: String
        var bookBytes: Int
        var cold: [Run]
        var warm: [Run]
        var peer: [Run]
        var warmPeakKilobytes: Int?
        var peerPeakKilobytes: Int?

        func median(_ runs: [Run]) -> Double { Measurement(name: "", milliseconds: runs.map(\.milliseconds)).median }
    }

    /// Runs a program to its end: wall time from spawn to exit, and its output.
    static func run(_ program: String, _ arguments: [String], environment: [String]) -> Run? {
        let start = monotonicNanoseconds()
        guard let (pid, output: reading) = BenchMemory.spawn(program, arguments, environment: environment) else { return nil }
        let output = BenchMemory.readToEnd(reading, keeping: 1 << 16)
        _ = BenchMemory.waitExit(pid)
        let elapsed = Double(monotonicNanoseconds() - start) / 1_000_000
        return Run(milliseconds: elapsed, output: String(decoding: output, as: UTF8.self))
    }

    /// A program's peak RSS in kB, through GNU time when installed. Not from our own wait4: a
    /// child started with posix_spawn (vfork) starts its peak at its parent's, and this
    /// process holds books of megabytes.
    static func peakKilobytes(_ program: String, _ arguments: [String], environment: [String], scratch: String) -> Int? {
        guard access("/usr/bin/time", X_OK) == 0 else { return nil }
        let report = scratch + "/peak-rss"
        defer { unlink(report) }
        guard run("/usr/bin/time", ["-f", "%M", "-o", report, program] + arguments, environment: environment) != nil,
              let bytes = try? BookFile.readBytes(path: report) else { return nil }
        return Int(String(decoding: bytes, as: UTF8.self).split(separator: "\n").last ?? "")
    }

    /// `rg` on PATH, if installed.
    /// Runs `body` with a new scratch directory (for XDG_CACHE_HOME and XDG_STATE_HOME) and the
    /// cache in it, then removes it all.
    static func withScratchHome<R>(_ body: (_ home: String, _ cache: BookCache) -> R?) -> R? {
        var template = Array("/tmp/iskra-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return nil }
        let home = String(cString: made)
        defer { BenchCommands.removeTree(home) }
        return body(home, BookCache(directory: home + "/iskra"))
    }

    /// Measures one book: `coldRuns` runs each on an emptied cache, then one untimed run (it
    /// warms the page cache), then `warmRuns` runs on the cache; rg as many times as warm.
    static func measure(book: String, label: String, key: String, coldRuns: Int, warmRuns: Int) -> Result? {
        guard let iskra = BundledContent.executablePath() else { return nil }
        return withScratchHome { home, cache in measure(iskra: iskra, book: book, label: label, key: key, coldRuns: coldRuns,
                                                        warmRuns: warmRuns, home: home, cache: cache) }
    }

    private static func measure(iskra: String, book: String, label: String, key: String, coldRuns: Int, warmRuns: Int,
                                home: String, cache: BookCache) -> Result? {
        let environment = ["XDG_CACHE_HOME=" + home]
        let arguments = ["search", word, book, "--count"]
        var status = stat()
        stat(book, &status)
        var result = Result(label: label, key: key, bookBytes: Int(status.st_size), cold: [], warm: [], peer: [])
        for _ in 0 ..< coldRuns {
            cache.clear()
            guard let run = run(iskra, arguments, environment: environment) else { return nil }
            result.cold.append(run)
        }
        _ = run(iskra, arguments, environment: environment)
        for _ in 0 ..< warmRuns {
            guard let run = run(iskra, arguments, environment: environment) else { return nil }
            result.warm.append(run)
        }
        result.warmPeakKilobytes = peakKilobytes(iskra, arguments, environment: environment, scratch: home)
        if let rg = BenchCommands.onPath("rg") {
            let peerArguments = ["-c", "-i", word, book]
            _ = run(rg, peerArguments, environment: [])
            for _ in 0 ..< warmRuns {
                guard let run = run(rg, peerArguments, environment: []) else { break }
                result.peer.append(run)
            }
            result.peerPeakKilobytes = peakKilobytes(rg, peerArguments, environment: [], scratch: home)
        }
        return result
    }

    /// A book of `megabytes` of copies of `bytes` in a new temporary directory (the caller
    /// removes both).
    static func writeLargeBook(_ bytes: [UInt8], megabytes: Int) -> (directory: String, path: String)? {
        var template = Array("/tmp/iskra-bench-large-XXXXXX".utf8CString)
        guard !bytes.isEmpty, let made = mkdtemp(&template) else { return nil }
        let directory = String(cString: made)
        let copies = max(1, megabytes * 1_048_576 / (bytes.count + 2))
        let path = directory + "/leon-trotsky-x\(copies).txt"
        guard let file = fopen(path, "w") else { return nil }
        let separated = bytes + [0x0A, 0x0A]
        for _ in 0 ..< copies { _ = separated.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } }
        fclose(file)
        return (directory, path)
    }

    static func peak(_ kilobytes: Int?) -> String {
        kilobytes.map { ", peak RSS " + formatMilliseconds(Double($0) / 1024) + " MB" } ?? ""
    }

    /// Adds a result's lines and JSON to the report.
    static func report(_ result: Result, to out: BenchReport) {
        let cold = result.median(result.cold), warm = result.median(result.warm)
        var fields: [(String, JSON)] = [
            ("book_bytes", .int(result.bookBytes)),
            ("cold_median_ms", .double(rounded(cold))), ("warm_median_ms", .double(rounded(warm))),
            ("cold_runs", .int(result.cold.count)), ("warm_runs", .int(result.warm.count)),
            ("warm_peak_rss_kb", result.warmPeakKilobytes.map(JSON.int) ?? .null),
            ("hits", .string(result.warm.first?.output.trimmingNewline ?? "")),
        ]
        out.lines.append("search \(word) --count, \(result.label), cold (no cache), median".padding(to: 58)
                         + formatMilliseconds(cold) + " ms")
        out.lines.append("search \(word) --count, \(result.label), warm (cached), median".padding(to: 58)
                         + formatMilliseconds(warm) + " ms" + peak(result.warmPeakKilobytes))
        if !result.peer.isEmpty {
            let peer = result.median(result.peer)
            out.lines.append("rg -c -i \(word), \(result.label), median".padding(to: 58) + formatMilliseconds(peer)
                             + " ms" + peak(result.peerPeakKilobytes))
            out.lines.append("  warm / rg".padding(to: 58) + formatMilliseconds(warm / peer) + " x (target: 1.5 x)")
            fields += [("rg_median_ms", .double(rounded(peer))), ("rg_peak_rss_kb", result.peerPeakKilobytes.map(JSON.int) ?? .null),
                       ("warm_to_rg_ratio", .double(rounded(warm / peer))),
                       ("rg_lines", .string(result.peer.first?.output.trimmingNewline ?? ""))]
        } else {
            out.lines.append("rg -c -i \(word), \(result.label)".padding(to: 58) + "rg not installed")
        }
        out.results.append(("search_count_" + result.key, .object(fields)))
    }
}

private extension String {
    var trimmingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}

// Every command a script or a reader runs, as whole processes: the first run (no cache: read,
// parse and derive, then store) and the second (from the cache), beside a peer when there is
// one. The table: `search --count`, `search` printing hits, `people --json`, `export
// --json` and the explorer's first frame, on the book and on a large book of its copies.
enum BenchCommands {
    struct Task {
        var name: String
        var key: String
        var arguments: [String]
        /// The peer's program (found on PATH) and arguments, the book last.
        var peer: (program: String, arguments: [String])?
    }

    static func tasks(book: String) -> [Task] {
        [
            Task(name: "search \(BenchCache.word) --count", key: "search_count", arguments: ["search", BenchCache.word, book, "--count"],
                 peer: ("rg", ["-c", "-i", BenchCache.word, book])),
            Task(name: "search \(BenchCache.word) (hits printed)", key: "search_hits", arguments: ["search", BenchCache.word, book],
                 peer: ("rg", ["-n", "-i", BenchCache.word, book])),
            Task(name: "people --json", key: "people_json", arguments: ["people", book, "--json"], peer: nil),
            Task(name: "export --json", key: "export_json", arguments: ["export", book, "--json"], peer: nil),
            Task(name: "explorer first frame", key: "first_frame", arguments: ["--headless-first-frame", book], peer: nil),
            Task(name: "explorer, whole book in", key: "whole_book", arguments: ["--headless-whole-book", book], peer: nil),
            Task(name: "explorer, index, sources, dates in", key: "every_part", arguments: ["--headless-every-part", book], peer: nil),
        ]
    }

    /// Runs every task on `book`: `coldRuns` first runs (the cache emptied before each), then
    /// `warmRuns` second runs, and the peer as many times; medians to `out`.
    static func measure(book: String, label: String, key: String, coldRuns: Int, warmRuns: Int, _ out: BenchReport) {
        guard let iskra = BundledContent.executablePath() else { return }
        _ = BenchCache.withScratchHome { home, cache -> Void? in
            measure(iskra: iskra, book: book, label: label, key: key, coldRuns: coldRuns, warmRuns: warmRuns,
                    home: home, cache: cache, out)
        }
    }

    private static func measure(iskra: String, book: String, label: String, key: String, coldRuns: Int, warmRuns: Int,
                                home: String, cache: BookCache, _ out: BenchReport) -> Void? {
        // The explorer's state goes to the scratch directory too, and its frame to 120x40.
        let environment = ["XDG_CACHE_HOME=" + home, "XDG_STATE_HOME=" + home + "/state", "COLUMNS=120", "LINES=40"]
        var results: [(String, JSON)] = []
        for task in tasks(book: book) {
            var cold: [Double] = [], warm: [Double] = [], peer: [Double] = []
            for _ in 0 ..< coldRuns {
                cache.clear()
                guard let run = BenchCache.run(iskra, task.arguments, environment: environment) else { return nil }
                cold.append(run.milliseconds)
            }
            for _ in 0 ..< warmRuns {
                guard let run = BenchCache.run(iskra, task.arguments, environment: environment) else { return nil }
                warm.append(run.milliseconds)
            }
            let peerProgram = task.peer.flatMap { BenchCommands.onPath($0.program) }
            if let peerProgram, let arguments = task.peer?.arguments {
                _ = BenchCache.run(peerProgram, arguments, environment: [])
                for _ in 0 ..< warmRuns {
                    guard let run = BenchCache.run(peerProgram, arguments, environment: []) else { break }
                    peer.append(run.milliseconds)
                }
            }
            let median = { (runs: [Double]) in Measurement(name: "", milliseconds: runs).median }
            let peak = BenchCache.peakKilobytes(iskra, task.arguments, environment: environment, scratch: home)
            var line = "\(task.name), \(label): first / second".padding(to: 58)
                + formatMilliseconds(median(cold)) + " / " + formatMilliseconds(median(warm)) + " ms" + BenchCache.peak(peak)
            var fields: [(String, JSON)] = [("first_run_median_ms", .double(rounded(median(cold)))),
                                            ("second_run_median_ms", .double(rounded(median(warm)))),
                                            ("second_run_peak_rss_kb", peak.map(JSON.int) ?? .null)]
            if !peer.isEmpty, let program = task.peer?.program {
                let ratio = median(warm) / median(peer)
                line += "; \(program) " + formatMilliseconds(median(peer)) + " ms (" + formatMilliseconds(ratio) + " x)"
                fields += [("peer", .string(program)), ("peer_median_ms", .double(rounded(median(peer)))),
                           ("second_run_to_peer_ratio", .double(rounded(ratio)))]
            }
            out.lines.append(line)
            results.append((task.key, .object(fields)))
        }
        out.results.append(("commands_" + key, .object(results)))
        return ()
    }

    static func onPath(_ program: String) -> String? {
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for directory in path.split(separator: ":") where access(directory + "/" + program, X_OK) == 0 {
            return directory + "/" + program
        }
        return nil
    }

    /// Removes a directory and everything in it (a scratch home).
    static func removeTree(_ path: String) {
        guard let stream = opendir(path) else { return }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            let child = path + "/" + name
            var status = stat()
            if lstat(child, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        closedir(stream)
        rmdir(path)
    }
}
