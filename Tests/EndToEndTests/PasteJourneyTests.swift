import Foundation
import Testing

/// A paste in a real terminal: bracketed (tmux's paste-buffer -p, as terminals do when the
/// program asks) it is text, never keys; unbracketed, it is read whole before one search.
@Suite("Pastes in a real terminal")
struct PasteJourneyTests {
    let iskra = Repo.binary

    static let page: String = {
        // A page of the book's own text, with line breaks and a q that must not quit.
        let text = (try? String(contentsOfFile: Repo.book, encoding: .utf8)) ?? ""
        return String(text.dropFirst(4000).prefix(4000))
    }()

    @Test func aBracketedPasteIsSearchedNotTyped() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        try tmux.tmux(["set-buffer", "-b", "page", "quit now\n" + Self.page])
        try tmux.tmux(["paste-buffer", "-p", "-b", "page", "-t", tmux.name])
        // The line holds the paste's first 256 characters, lines joined by spaces; its end shows.
        let query = ("quit now\n" + Self.page).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").prefix(256)
        try tmux.waitForAll(["the paste was cut", "Search results", String(query.suffix(16)) + "▏"])
        // Still running: Esc leaves the search, q quits.
        try tmux.send("Escape")
        try tmux.waitUntil("search closed") { !$0.contains("Search results") }
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }

    @Test func aFloodOfTypedKeysEndsOnTheLastOne() throws {
        let tmux = try TmuxSession(command: iskra)
        try tmux.waitFor("Chapters  People")
        try tmux.send("/")
        try tmux.waitFor("Type to search")
        let words = String(repeating: "kronstadt ", count: 20) + "sailors"
        // What the whole query finds, by the command line.
        let json = try runIskra(["search", "--json", words]).stdout
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let passages = Set(hits.compactMap { $0["passage"] as? Int }).count
        try tmux.type(words)
        // The whole query's count: the flood ends on its last key.
        try tmux.waitForAll(["\(hits.count) hits in \(passages) passages", "sailors▏"])
        try tmux.send("Escape")
        try tmux.waitUntil("search closed") { !$0.contains("Search results") }
        try tmux.send("q")
        #expect(try tmux.waitForExit().status == 0)
    }
}
