import Foundation
import Testing

/// The main journeys, driven through the real binary in tmux.
@Suite("Explorer in a real terminal", .serialized)
struct ExplorerJourneyTests {
    let iskra = Repo.binary

    @Test func browseChapterSourceHelpAndQuit() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        try tmux.waitFor("Lev Davidovich Bronshtein")
        try tmux.send("j", "j", "Enter")
        try tmux.waitFor("CHAPTER 3 OF 25")
        try tmux.waitFor("1904 was a bad year for Russian workers.")
        try tmux.send("3")
        for _ in 0..<15 { try tmux.send("j") }
        try tmux.send("Enter")
        try tmux.waitForAll(["SOURCE 16 OF 44", "(16) J. T. Murphy, The Errors of Trotskyism (1925)", "Source 16/44"])
        try tmux.send("?")
        try tmux.waitForAll(["Keys", "next chapter or source"])
        try tmux.send("Escape")
        try tmux.waitUntil("help closed") { !$0.contains("next chapter or source") }
        try tmux.send("BSpace")
        try tmux.waitFor("CHAPTER 3 OF 25")
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0)
        #expect(!exit.alternateScreen)
        #expect(!exit.mouse)
    }

    @Test func resizeKeepsThePositionAndSaysWhenTooSmall() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        for _ in 0..<8 { try tmux.send("j") }
        try tmux.send("Enter")
        try tmux.waitFor("CHAPTER 9 OF 25")
        for _ in 0..<20 { try tmux.send("j") }
        try tmux.waitUntil("scrolled") { !$0.contains("CHAPTER 9 OF 25") }
        let before = try tmux.settled().components(separatedBy: "\n")
        // The reader's top text line, right of the separator.
        func topReaderText(_ lines: [String]) -> String {
            let row = lines[1]
            guard let bar = row.firstIndex(of: "│") else { return row.trimmingCharacters(in: .whitespaces) }
            return row[row.index(after: bar)...].trimmingCharacters(in: .whitespaces)
        }
        let top = topReaderText(before)
        #expect(!top.isEmpty)
        let firstWords = top.split(separator: " ").prefix(3).joined(separator: " ")

        try tmux.resize(60, 15)
        try tmux.waitUntil("the narrow frame at the same text") {
            $0.contains("Tab list") && $0.components(separatedBy: "\n")[1].contains(firstWords)
        }
        try tmux.resize(20, 5)
        try tmux.waitFor("too small")
        try tmux.resize(120, 40)
        try tmux.waitFor("Chapters  People")
        let after = try tmux.lines()
        #expect(topReaderText(after) == top)
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
    }

    @Test(arguments: [("TERM", 143), ("HUP", 129), ("INT", 130)])
    func signalsRestoreTheTerminal(signal: String, status: Int) throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        #expect(try tmux.display("#{alternate_on} #{mouse_any_flag}") == "1 1")
        let pid = tmux.pid
        #expect(pid > 0)
        _ = try spawnAndWait(["kill", "-\(signal)", String(pid)], captureOutput: false)
        let exit = try tmux.waitForExit()
        #expect(exit.status == status)
        #expect(!exit.alternateScreen)
        #expect(!exit.mouse)
    }

    @Test func ctrlCQuitsCleanly() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        try tmux.send("C-c")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 130)
        #expect(!exit.alternateScreen && !exit.mouse)
    }

    @Test func noMouseLeavesMouseReportingOff() throws {
        let tmux = try TmuxSession(command: iskra + " --no-mouse")
        try tmux.waitFor("Chapters  People")
        #expect(try tmux.display("#{alternate_on} #{mouse_any_flag}") == "1 0")
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }

    @Test func refusesWithoutATerminal() throws {
        let result = try runIskra([])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("not a terminal"))
        #expect(result.stderr.contains("iskra export"))
    }

    @Test func refusesADumbTerminal() throws {
        let tmux = try TmuxSession(command: "TERM=dumb " + iskra)
        let exit = try tmux.waitForExit()
        #expect(exit.status == 2)
        try tmux.waitFor("TERM=dumb")
    }

    @Test func escapeSequencesInABookAreShownNotObeyed() throws {
        let directory = try temporaryDirectory("escape")
        let path = directory + "/hostile.txt"
        let text = "Hostile Book\n\nThis text tries \u{1B}]2;owned\u{07}to retitle and \u{1B}[2Jclear the screen.\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(command: iskra + " " + path)
        try tmux.waitFor("Hostile Book")
        try tmux.waitForAll(["This text tries", "^[]2;owned^Gto retitle and ^[[2Jclear the screen."])
        #expect(try tmux.display("#{pane_title}") != "owned")
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }
}
