import Foundation
import Testing

/// From a name to its mentions, and live search, through the real binary in tmux.
@Suite("People and search in a real terminal", .serialized)
struct PeopleAndSearchJourneyTests {
    let iskra = Repo.binary

    @Test func fromTheListToAMentionAndStepping() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        // Three keys: the People list, down to Lenin, his card.
        try tmux.send("2", "j", "Enter")
        try tmux.waitForAll(["PERSON · 154 MENTIONS", "Vladimir Lenin", "Names used", "WHERE · 12 CHAPTERS, 20 SOURCES",
                             "Ch 14  The Workers' Opposition"])
        // Enter on the first Where row opens the first mention; the status bar counts them.
        try tmux.send("Enter")
        try tmux.waitFor("Vladimir Lenin 1/154")
        try tmux.send("n")
        try tmux.waitFor("Vladimir Lenin 2/154")
        try tmux.send("N", "N")
        try tmux.waitFor("Vladimir Lenin 154/154")
        try tmux.waitFor("wrapped to the last")
        // Back returns to the card, scrolled to the mention stepped to last.
        try tmux.send("h")
        try tmux.waitUntil("the card at the last mention") {
            $0.contains("Person · Vladimir Lenin") && $0.contains("Src 27 ") && $0.contains("Vladimir Lenin 154/154")
        }
        try tmux.send("q")
        let exit = try tmux.waitForExit()
        #expect(exit.status == 0 && !exit.alternateScreen && !exit.mouse)
    }

    @Test func liveSearchLetterByLetterThenJumpAndStep() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        try tmux.send("/")
        try tmux.waitFor("Type to search")
        var counts: [String] = []
        for letter in ["k", "r", "o", "n"] {
            try tmux.type(letter)
            // The hits may follow a moment after the letter while the index is still being built.
            let typed = "/  " + "kron".prefix(counts.count + 1) + "▏"
            let screen = try tmux.waitUntil("hits for \(typed)") { $0.contains(typed) && $0.contains(" hits in ") }
            counts.append(screen.components(separatedBy: "\n").first { $0.contains(" hits in ") } ?? "")
        }
        // Kronstadt's hits are there before the word is finished.
        #expect(counts.last?.contains("28 hits in 18 passages · 1 chapter, 2 sources") == true)
        #expect(counts.first != counts.last)
        try tmux.send("Down", "Enter")
        try tmux.waitFor("passage 2/18")
        try tmux.send("n")
        try tmux.waitFor("passage 3/18")
        try tmux.send("Escape")
        try tmux.waitFor("Highlights cleared")
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }

    @Test func commandLineSearchGivesTheSameHits() throws {
        let count = try runIskra(["search", "--count", "kron"])
        #expect(count.status == 0)
        #expect(count.stdout == "28\n")
        let none = try runIskra(["search", "zzzqqq"])
        #expect(none.status == 1)
        // JSON carries each hit's context like the plain lines; a wrong scope is named on stderr.
        let json = try runIskra(["search", "--json", "--width", "40", "kronst in:nowhere"])
        #expect(json.status == 0)
        #expect(json.stderr == "iskra: ignored in:nowhere (scopes are in:sources and in:chapters)\n")
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(hits.count == 28)
        // Hits in one paragraph share a passage number: 18 passages, numbered in book order.
        let passages = hits.compactMap { $0["passage"] as? Int }
        #expect(passages.count == 28 && passages.first == 1 && passages.last == 18 && passages == passages.sorted())
        let context = try #require(hits.first?["context"] as? String)
        #expect(context.lowercased().contains("kronst") && context.unicodeScalars.count <= 42)
        // A misspelt command is named as one.
        let typo = try runIskra(["serch", "kron"])
        #expect(typo.status == 64 && typo.stderr == "iskra: unknown command 'serch' (did you mean 'iskra search'?)\n")
    }
}
