import Foundation
import Testing

/// Keys as terminals really send them, under the TERM values people run with: tmux sends Home
/// and End as `ESC [ 1 ~` and `ESC [ 4 ~`, which xterm's terminfo entries do not list, and raw
/// sequences from other terminals (rxvt, application mode) arrive through the same pane.
@Suite("Keys under any TERM in a real terminal", .serialized)
struct KeyDecodingJourneyTests {
    let iskra = Repo.binary

    /// Sends raw bytes to the program, as one write.
    private func sendBytes(_ tmux: TmuxSession, _ bytes: [UInt8]) throws {
        try tmux.tmux(["send-keys", "-t", tmux.name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: ["xterm-256color", "tmux-256color", "screen-256color", "xterm", "linux"])
    func homeEndAndRawSequencesInAChapterAndInTheSearchLine(term: String) throws {
        let tmux = try TmuxSession(command: "env TERM=\(term) \(iskra)")
        try tmux.waitFor("Chapters  People")
        try tmux.send("j", "j", "j", "j", "Enter")
        try tmux.waitFor("Chapter 5/25 · Top")

        // tmux's own End and Home keys: the bottom and top of this chapter, not chapter 4
        // (Esc, `[` previous page, `4`, `~`).
        try tmux.send("End")
        try tmux.waitFor("Chapter 5/25 · Bot")
        try tmux.send("Home")
        try tmux.waitFor("Chapter 5/25 · Top")

        // Other terminals' encodings, each alternating between the ends so each one shows.
        let sequences: [(String, String)] = [
            ("\u{1B}[4~", "Bot"),        // End: tmux, screen, Linux console, PuTTY
            ("\u{1B}OH", "Top"),         // Home: xterm application mode
            ("\u{1B}[8~", "Bot"),        // End: rxvt
            ("\u{1B}[7~", "Top"),        // Home: rxvt
            ("\u{1B}OF", "Bot"),         // End: xterm application mode
            ("\u{1B}[1;5H", "Top"),      // Ctrl-Home: xterm
            ("\u{1B}[99;9zG", "Bot"),    // an unknown sequence, consumed whole, then G
        ]
        for (sequence, end) in sequences {
            try sendBytes(tmux, bytes(sequence))
            try tmux.waitFor("Chapter 5/25 · \(end)")
        }
        #expect(!(try tmux.screen()).contains("Chapter 4/25"))

        // In the search line Home and End move the cursor to the ends of the query, as in any
        // text box; the query, the results and the search stay.
        try tmux.send("/")
        try tmux.type("lenin")
        let firstResult = "▶  person  Vladimir Lenin"
        try tmux.waitFor(firstResult)
        try tmux.send("Home")
        try tmux.waitUntil("the cursor at the start") { $0.contains("/  ▏lenin") && $0.contains(firstResult) }
        try tmux.send("End")
        try tmux.waitUntil("the cursor at the end") { $0.contains("/  lenin▏") && $0.contains(firstResult) }
        try sendBytes(tmux, bytes("\u{1B}[1~"))
        try tmux.waitUntil("the cursor at the start") { $0.contains("/  ▏lenin") && $0.contains(firstResult) }
        try sendBytes(tmux, bytes("\u{1B}[4~"))
        try tmux.waitUntil("the cursor at the end") { $0.contains("/  lenin▏") && $0.contains(firstResult) }
        // Esc still leaves the search, back where it began.
        try tmux.send("Escape")
        try tmux.waitUntil("the search closed") { !$0.contains("/  lenin") && $0.contains("Chapter 5/25 · Bot") }

        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
    }

    /// Ctrl-Z at a real shell, a resize while stopped, then `fg`: the explorer comes back at the
    /// new size and with the keypad in application mode before any key is pressed, and the
    /// first arrow moves.
    @Test func suspendResizeAndResume() throws {
        // An interactive shell for job control; no history file, so nothing is left behind.
        let tmux = try TmuxSession(command: "bash --norc --noprofile -i", environment: ["HISTFILE": ""])
        // Typed ahead: the terminal keeps it until the shell reads it.
        try tmux.type("TERM=xterm-256color \(iskra)")
        try tmux.send("Enter")
        try tmux.waitFor("Chapters  People")
        #expect(try tmux.display("#{alternate_on} #{keypad_cursor_flag}") == "1 1")
        // Once the search index is in (people are listed with the results), the explorer
        // waits for keys without a timeout: the case where a stop used to leave it reading on
        // with the keypad off and the old size until the next key.
        try tmux.send("/")
        try tmux.type("lenin")
        try tmux.waitFor("▶  person  Vladimir Lenin")
        try tmux.send("Escape")
        try tmux.waitUntil("the search closed") { !$0.contains("/  lenin") }

        try tmux.send("C-z")
        try tmux.waitFor("Stopped")
        #expect(try tmux.display("#{alternate_on} #{keypad_cursor_flag} #{mouse_any_flag}") == "0 0 0")
        try tmux.resize(100, 30)
        // The terminal has its new size before the explorer is continued (tmux applies a
        // resize a moment later; the SIGWINCH then goes to the shell, not to a stopped job).
        try tmux.type("stty size")
        try tmux.send("Enter")
        try tmux.waitFor("30 100")
        try tmux.type("fg")
        try tmux.send("Enter")

        // Redrawn for 100x30 with no key pressed: the status bar on row 30, the title on row 1.
        let resumed = try tmux.waitUntil("the explorer redrawn at 100x30") { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count >= 30 && rows[0].hasPrefix(" iskra │") && rows[29].contains("Chapter 1/25 · Top")
        }
        #expect(resumed.components(separatedBy: "\n")[29].hasSuffix("? help"))
        let deadline = Date().addingTimeInterval(5)
        var flags = ""
        repeat {
            flags = try tmux.display("#{alternate_on} #{keypad_cursor_flag} #{mouse_any_flag}")
            if flags == "1 1 1" { break }
            usleep(30_000)
        } while Date() < deadline
        #expect(flags == "1 1 1", "alternate screen, application cursor keys and mouse after fg")

        try tmux.send("Down", "Enter")
        try tmux.waitFor("CHAPTER 2 OF 25")
        try tmux.send("q")
        try tmux.waitUntil("the explorer gone") { !$0.contains("CHAPTER 2 OF 25") }
        try tmux.type("exit")
        try tmux.send("Enter")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
    }
}
