import Foundation
import Testing

/// From a paragraph to an essay: notes made in a real terminal, exported with their citations,
/// and kept (or listed as orphans) when the book is edited.
@Suite("Notes, from the explorer to the essay", .serialized)
struct NotesJourneyTests {
    @Test func notesMadeInTheExplorerExportAsMarkdownAndFollowAnEditedBook() throws {
        let directory = try temporaryDirectory("notes-journey")
        let home = directory + "/state"
        let book = directory + "/leon-trotsky.txt"
        let original = try String(contentsOfFile: Repo.book, encoding: .utf8)
        try original.write(toFile: book, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Repo.root + "/Content/leon-trotsky.people", toPath: directory + "/leon-trotsky.people")
        try "title: Leon Trotsky\nauthor: John Simkin\n".write(toFile: directory + "/leon-trotsky.meta", atomically: true, encoding: .utf8)
        let environment = ["XDG_STATE_HOME": home]

        // Chapter 2: a note on the first paragraph in view (file line 21), then a highlight of its
        // first sentence.
        let session = try TmuxSession(command: "\(Repo.binary) \(book)", environment: environment)
        try session.waitFor("Chapters  People")
        try session.send("j", "Enter")
        try session.waitFor("CHAPTER 2 OF 25")
        try session.send("a")
        try session.waitFor("Note on 2")
        try session.type("How he met Natalia Sedova")
        try session.send("Enter")
        try session.waitFor("Note added")
        try session.send("v")
        try session.waitFor("Choosing")
        try session.send("a")
        try session.waitFor("Note on 2")
        try session.send("Enter")
        try session.waitFor("Highlighted")
        try session.send("5")
        try session.waitFor("How he met Natalia Sedova")
        try session.send("q")
        _ = try session.waitForExit()

        let markdown = try runIskra(["notes", book, "--markdown"], environment: environment)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# Notes on *Leon Trotsky*\n\n## Chapter 2: Bolsheviks and Mensheviks\n\n> "))
        #expect(markdown.stdout.contains("\nHow he met Natalia Sedova\n"))
        #expect(markdown.stdout.contains("[^1]: John Simkin, *Leon Trotsky*, chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D} \u{B6} "))
        #expect(markdown.stdout.contains("[^2]: Simkin, *Leon Trotsky*, chap. 2,"))
        #expect(markdown.stdout.hasSuffix("## Bibliography\n\nSimkin, John. *Leon Trotsky*.\n"))

        // The book edited: a paragraph added above, the first sentence of the noted paragraph
        // rewritten. The highlight's words are gone: an orphan. The note's paragraph changed
        // too: an orphan, listed with its quote, never moved to another paragraph.
        let edited = original
            .replacingOccurrences(of: "Bolsheviks and Mensheviks\n", with: "Bolsheviks and Mensheviks\n\nAn editor's new paragraph.\n")
            .replacingOccurrences(of: "After escaping Leon Trotsky met Natalia Sedova.", with: "After his escape Trotsky met Natalia Sedova.")
        try edited.write(toFile: book, atomically: true, encoding: .utf8)
        let after = try runIskra(["notes", book, "--json"], environment: environment)
        #expect(after.stderr.contains("2 notes carried over from an earlier version of this book"))
        let notes = try #require(JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])
        #expect(notes.count == 2 && notes.allSatisfy { $0["status"] as? String == "orphan" })

        // Only a paragraph added above: the note's words are found once, further down.
        let moved = original.replacingOccurrences(of: "Bolsheviks and Mensheviks\n",
                                                  with: "Bolsheviks and Mensheviks\n\nAn editor's new paragraph.\n")
        try moved.write(toFile: book, atomically: true, encoding: .utf8)
        let placed = try runIskra(["notes", book, "--json"], environment: environment)
        let entries = try #require(JSONSerialization.jsonObject(with: Data(placed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2 && entries.allSatisfy { $0["status"] as? String == "moved" && $0["line"] as? Int == 23 })
    }
}
