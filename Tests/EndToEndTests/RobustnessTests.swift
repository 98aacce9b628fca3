import Foundation
import FuzzSupport
import Testing

/// The real binary under stress: a burst of resizes while keys are typed, and large books that
/// load in the background while the terminal stays live.
@Suite("Robustness in a real terminal", .serialized)
struct RobustnessTests {
    let iskra = Repo.binary

    /// Keys whose effect does not depend on the terminal size (the chapter list fits at
    /// 120x40, pages open at their top), so the end state can be compared with a fresh run.
    static let keys = ["j", "j", "]", "k", "G", "[", "g", "j", "]", "]", "Down", "k", "j", "[", "j"]

    @Test func resizeBurstWhileTypingLeavesTheScreenOfAFreshRun() throws {
        var random = SplitMix64(seed: 0x7001)
        let sizes = [(1, 1), (20, 5), (39, 9), (40, 10), (80, 24), (300, 100), (60, 15), (200, 60)]
        var plan: [((Int, Int), String)] = []
        for i in 0..<50 {
            let size = random.next() % 3 == 0
                ? (Int(random.next() % 250) + 1, Int(random.next() % 80) + 1)
                : sizes[Int(random.next() % UInt64(sizes.count))]
            plan.append((size, Self.keys[i % Self.keys.count]))
        }

        // The same keys at 120x40 without any resize: the screen to expect.
        let fresh = try TmuxSession(command: iskra)
        try fresh.waitFor("Chapters  People")
        for (_, key) in plan { try fresh.send(key) }
        // Where the keys lead (the list holds every chapter at 120x40, so only the page shows).
        var page = 0, selection = 0
        for (_, key) in plan {
            switch key {
            case "j", "Down": selection = min(24, selection + 1)
            case "k": selection = max(0, selection - 1)
            case "g": selection = 0
            case "G": selection = 24
            case "]": page = min(24, page + 1); selection = page
            case "[": page = max(0, page - 1); selection = page
            default: Issue.record("unexpected key \(key)")
            }
        }
        let finalPage = "Chapter \(page + 1)/25 · "
        try fresh.waitFor(finalPage, timeout: 20)
        let expected = try fresh.settled()

        let burst = try TmuxSession(command: iskra)
        try burst.waitFor("Chapters  People")
        for (size, key) in plan {
            try burst.resize(size.0, size.1)
            try burst.send(key)
        }
        try burst.resize(120, 40)
        try burst.waitFor(finalPage, timeout: 20)
        // Settled the same way as the fresh run (the help's key also clears any notice).
        try burst.settled()
        let afterBurst = try burst.waitUntil("the fresh run's screen", timeout: 20) { $0 == expected }

        let rows = afterBurst.components(separatedBy: "\n")
        #expect(rows.count >= 40)
        #expect(rows.first?.hasPrefix(" iskra │ Leon Trotsky") == true)
        #expect(rows.count > 1 && rows[1].hasPrefix(" Chapters  People"))
        #expect(rows.count > 39 && rows[39].contains("q quit"))
        #expect(afterBurst == expected)
        if afterBurst != expected {
            // Which rows differ, to tell a layout bug from a timing one.
            let want = expected.components(separatedBy: "\n")
            for (i, (got, wanted)) in zip(rows, want).enumerated() where got != wanted {
                Issue.record("row \(i): got \"\(got)\", fresh run had \"\(wanted)\"")
            }
        }

        try burst.send("q")
        let exit = try burst.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
        try fresh.send("q")
        #expect(try fresh.waitForExit().status == 0)
    }

    @Test func largeBookShowsProgressOrTheExplorerQuickly() throws {
        let path = try LargeBook.path(megabytes: 20)
        defer { LargeBook.remove(path) }
        let tmux = try TmuxSession(command: iskra + " " + path)
        let clock = ContinuousClock()
        let started = clock.now
        let first = try tmux.waitUntil("a first frame", timeout: 5) { $0.contains("Loading ") || $0.contains("Chapters  People") }
        #expect(clock.now - started < .seconds(3), "first frame took \(clock.now - started)")
        if first.contains("Chapters  People") {
            // The book's opening while the rest loads says so, or the whole book.
            #expect(!first.contains("Loading ") || first.contains("Loading the rest… "))
        } else {
            #expect(first.contains("Loading \(LargeBook.fileName(megabytes: 20))… "))
            #expect(first.contains("%"))
        }
        // Typed at once, maybe while it still loads: kept, and answered once the index is built;
        // until then the search line says it is indexing instead of freezing.
        try tmux.send("/", "k", "r", "o", "n")
        let searching = try tmux.waitUntil("the search line", timeout: 60) { $0.contains(" kron▏") }
        #expect(searching.contains("indexing…") || searching.contains("hits in"))
        try tmux.waitUntil("the hits", timeout: 60) { $0.contains(" hits in ") && $0.contains(" kron▏") }
        try tmux.send("Escape")
        // Closed before the next keys (Esc and 3 in one write would be Alt-3).
        try tmux.waitUntil("the search closed", timeout: 60) { !$0.contains(" kron▏") && $0.contains("Chapters  People") }
        try tmux.send("3", "j", "Enter")
        try tmux.waitFor("SOURCE 2 OF 44")
        try tmux.send("G")
        try tmux.waitUntil("the end of source 2") { $0.contains("Source 2/44 · Bot") || $0.contains("Source 2/44 · All") }
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
    }

    @Test(arguments: [("q", 0), ("C-c", 130)])
    func quittingWhileLoadingIsPromptAndClean(key: String, status: Int) throws {
        // Large enough that loading takes seconds in a debug build.
        let path = try LargeBook.path(megabytes: 100, name: key)
        defer { LargeBook.remove(path) }
        let tmux = try TmuxSession(command: iskra + " " + path)
        let loading = try tmux.waitFor("Loading ", timeout: 10)
        let percent = Int(loading.components(separatedBy: "… ").last?.prefix { $0.isNumber } ?? "") ?? 100
        try tmux.send(key)
        let clock = ContinuousClock()
        let sent = clock.now
        let exit = try tmux.waitForExit(timeout: 60)
        let elapsed = clock.now - sent
        #expect(exit.status == status && !exit.alternateScreen && !exit.mouse)
        // Quitting waits for neither the rest of the load nor the explorer.
        if percent < 50 { #expect(elapsed < .milliseconds(1500), "quit took \(elapsed) from \(percent)%") }
    }
}

/// The bundled book repeated into a temporary file (never committed); remove it after use.
enum LargeBook {
    static func fileName(megabytes: Int) -> String { "leon-trotsky-\(megabytes)mb.txt" }

    static func path(megabytes: Int, name: String = "") throws -> String {
        let directory = try temporaryDirectory("large-\(megabytes)-\(name)")
        let path = directory + "/" + fileName(megabytes: megabytes)
        let book = try Data(contentsOf: URL(fileURLWithPath: Repo.book)) + Data([0x0A, 0x0A])
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SpawnError(message: "cannot create \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var chunk = Data()
        while chunk.count < 4 << 20 { chunk += book }
        var written = 0
        while written < megabytes << 20 {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        try handle.close()
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}

