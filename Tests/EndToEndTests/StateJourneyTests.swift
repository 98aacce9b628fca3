import Foundation
import IskraCore
import Testing

/// The explorer remembers where you were and your bookmarks, per book, under XDG_STATE_HOME.
@Suite("State between sessions, in a real terminal", .serialized)
struct StateJourneyTests {
    let iskra = Repo.binary

    /// The reader's top text line, right of the separator.
    func topReaderText(_ screen: String) -> String {
        let row = screen.components(separatedBy: "\n")[1]
        guard let bar = row.firstIndex(of: "│") else { return row.trimmingCharacters(in: .whitespaces) }
        return row[row.index(after: bar)...].trimmingCharacters(in: .whitespaces)
    }

    func statusLine(_ screen: String) -> String {
        screen.components(separatedBy: "\n").filter { !$0.isEmpty }.last ?? ""
    }

    @Test func reopensWhereItLeftOffWithTheBookmarkAndFreshStartsAtTheTop() throws {
        let home = try temporaryDirectory("state-journey")
        let environment = ["XDG_STATE_HOME": home]

        // First session: chapter 3, scroll down, bookmark with a label, quit.
        let first = try TmuxSession(command: iskra, environment: environment)
        try first.waitFor("Chapters  People")
        try first.send("j", "j", "Enter")
        try first.waitFor("CHAPTER 3 OF 25")
        for _ in 0..<12 { try first.send("j") }
        try first.waitUntil("scrolled") { !$0.contains("CHAPTER 3 OF 25") }
        let left = try first.settled()
        let top = topReaderText(left)
        #expect(!top.isEmpty)
        try first.send("m")
        try first.waitFor("Bookmark Ch 3 line ")
        try first.type("Bloody Sunday ✓")
        try first.send("Enter")
        try first.waitFor("Bookmark added: Bloody Sunday ✓")
        try first.send("q")
        #expect(try first.waitForExit().status == 0)

        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/iskra")
        #expect(files.contains { $0.hasPrefix("leon-trotsky-") && $0.hasSuffix(".json") })
        #expect(!files.contains { $0.contains(".tmp-") })

        // Second session: the same place, and the bookmark is listed.
        let second = try TmuxSession(command: iskra, environment: environment)
        // The position is restored before the first frame is drawn. Waited for in the status
        // bar, drawn last, so the capture holds the whole frame (the header has it first).
        let reopened = try second.waitUntil("the restored frame") { statusLine($0).contains("Chapter 3/25") }
        #expect(topReaderText(reopened) == top)
        #expect(statusLine(reopened).contains("Chapter 3/25"))
        try second.send("'")
        // The list's frame drawn to its end: the status bar (drawn last) has the list's keys.
        let list = try second.waitUntil("the bookmarks list") { $0.contains("Bookmarks 1") && $0.contains("Bookmarks: ") }
        #expect(list.contains("Bloody Sunday ✓"))
        #expect(list.contains("Chapter 3/25 · Leon Trotsky and Bloody Sunday · line "))
        // Jump from the top of the book: back (h) returns to where the jump started.
        try second.send("Escape")
        try second.waitUntil("list closed") { !$0.contains("Bookmarks 1") }
        try second.send("g")
        try second.waitFor("CHAPTER 3 OF 25")
        try second.send("'", "Enter")
        try second.waitUntil("jumped to the bookmark") { topReaderText($0) == top }
        try second.send("q")
        #expect(try second.waitForExit().status == 0)

        let listed = try runIskra(["bookmarks", "--json"], environment: environment)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"label\": \"Bloody Sunday ✓\""))
        #expect(listed.stdout.contains("\"title\": \"Leon Trotsky and Bloody Sunday\""))

        // --fresh starts at the top; the bookmark is still there.
        let fresh = try TmuxSession(command: iskra + " --fresh", environment: environment)
        // The whole first frame, status line included (a capture can land mid-frame).
        let start = try fresh.waitUntil("the top of chapter 1") {
            statusLine($0).contains("Chapter 1/25") && $0.contains("Chapters  People")
        }
        #expect(start.contains("CHAPTER 1 OF 25"))
        try fresh.send("'")
        try fresh.waitFor("Bloody Sunday ✓")
        // Esc, then q once it has closed the list: Esc and q in one write are Alt-q.
        try fresh.send("Escape")
        try fresh.waitUntil("list closed") { !$0.contains("Bookmarks 1") }
        try fresh.send("q")
        #expect(try fresh.waitForExit().status == 0)
    }

    @Test func anUnusableStateDirectoryIsReportedAndTheExplorerStillWorks() throws {
        let directory = try temporaryDirectory("state-unusable")
        // A regular file where a directory should be: unusable even for root.
        let blocker = directory + "/not-a-directory"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(command: iskra, environment: ["XDG_STATE_HOME": blocker + "/state"])
        try tmux.waitForAll(["State will not be saved", "Chapters  People"])
        try tmux.send("j", "Enter")
        try tmux.waitFor("CHAPTER 2 OF 25")
        // A bookmark still works, and says it will not outlive the session.
        try tmux.send("m", "Enter")
        try tmux.waitFor("Bookmark kept for this session only")
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }

    @Test func aLockHeldByAnotherProgramFreezesNothing() throws {
        let home = try temporaryDirectory("state-held-lock")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.book)))
        let lock = home + "/iskra/" + BookIdentity(bytes: bytes, path: Repo.book).fileName + ".lock"
        try FileManager.default.createDirectory(atPath: home + "/iskra", withIntermediateDirectories: true)
        // Another program holds the state file's lock for the whole test.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lock, "sleep", "120"]
        try holder.run()
        defer { holder.terminate() }
        let tmux = try TmuxSession(command: iskra, environment: ["XDG_STATE_HOME": home])
        try tmux.waitFor("Chapters  People")
        try tmux.send("m", "Enter")
        try tmux.waitFor("not saved yet, kept in memory")
        // Keys still work at once, and the bookmark is there for this session.
        try tmux.send("'")
        try tmux.waitFor("Bookmarks 1")
        // Esc and q in one go would be Alt-q: wait for Esc to close the list first.
        try tmux.send("Escape")
        try tmux.waitUntil("the list closed") { !$0.contains("Bookmarks 1") }
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen)
        #expect(try tmux.screen().contains("stayed locked by another program"))
    }

    @Test func bookmarksCommandOnlyReads() throws {
        let home = try temporaryDirectory("state-cli")
        let environment = ["XDG_STATE_HOME": home]
        let none = try runIskra(["bookmarks"], environment: environment)
        #expect(none.status == 0 && none.stdout.isEmpty)
        #expect(none.stderr == "iskra: no bookmarks for this book (press m in the explorer to add one)\n")
        #expect(try runIskra(["bookmarks", "--json"], environment: environment).stdout == "[]\n")
        #expect(!FileManager.default.fileExists(atPath: home + "/iskra"))

        // A damaged file is reported and left exactly where it is.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.book)))
        let name = BookIdentity(bytes: bytes, path: Repo.book).fileName
        try FileManager.default.createDirectory(atPath: home + "/iskra", withIntermediateDirectories: true)
        try "{ damaged".write(toFile: home + "/iskra/" + name, atomically: false, encoding: .utf8)
        let damaged = try runIskra(["bookmarks"], environment: environment)
        #expect(damaged.status == 0)
        #expect(damaged.stderr.hasPrefix("iskra: State file \(name) cannot be read\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/iskra") == [name])
        #expect(try String(contentsOfFile: home + "/iskra/" + name, encoding: .utf8) == "{ damaged")
    }
}
