import Foundation
import Testing
@testable import IskraCore

/// Notes on the bundled book: anchored by quote, context and position; re-attached or orphaned
/// on edited copies of the book; kept in the state file; exported for an essay.
@Suite("Notes")
struct NoteTests {
    let book = EvidenceBook.book
    let catalog = EvidenceBook.catalog

    /// The anchor of the first `phrase` in the unit starting at file line `line`.
    static func anchor(_ phrase: String, atLine line: Int, in book: Book) throws -> TextAnchor {
        let unit = try #require(book.units(startingAtLine: line).first)
        let range = try #require(scalarRange(of: phrase, in: book.units[unit].text))
        return try #require(TextAnchor(book: book, unit: unit, range: range))
    }

    static func scalarRange(of phrase: String, in text: String) -> Range<Int>? {
        guard let found = text.range(of: phrase) else { return nil }
        let start = text.unicodeScalars.distance(from: text.startIndex, to: found.lowerBound)
        return start..<(start + phrase.unicodeScalars.count)
    }

    /// The bundled book with `edit` applied to its text, parsed as the explorer parses it.
    static func edited(_ edit: (String) -> String) -> Book {
        let text = edit(String(decoding: TestBook.bytes, as: UTF8.self))
        return Book(document: Parser.parse(bytes: Array(text.utf8), path: TestBook.path), register: PeopleBook.register)
    }

    static func text(_ book: Book, _ anchoring: Anchoring) -> String? {
        guard case .attached(let unit, let range, _) = anchoring else { return nil }
        return NotesExport.quoted(book, unit: unit, range: range)
    }

    @Test func unitsAreInFileOrderSoALineFindsItsUnit() {
        #expect(zip(book.units, book.units.dropFirst()).allSatisfy { $0.line <= $1.line })
        #expect(book.units(startingAtLine: 27).map { book.units[$0].line } == [27])
        #expect(book.units(startingAtLine: 26).isEmpty)
    }

    @Test func anAnchorHoldsTheQuoteItsContextAndItsPosition() throws {
        let anchor = try Self.anchor("Joseph Stalin, Mikhail Lashevich", atLine: 27, in: book)
        #expect(anchor.exact == "Joseph Stalin, Mikhail Lashevich")
        #expect(anchor.prefix == "ed Gregory Zinoviev, Anatoli Lunacharsky, ".suffix(32).description)
        #expect(anchor.suffix.hasPrefix(", Nadezhda Krupskaya") && anchor.suffix.unicodeScalars.count == 32)
        #expect(anchor.line == 27 && anchor.end - anchor.start == anchor.exact.unicodeScalars.count)
        // At the start of a paragraph the prefix is cut there.
        let first = try Self.anchor("A large number", atLine: 27, in: book)
        #expect(first.prefix.isEmpty && first.start == 0)
        guard case .attached(_, let range, let moved) = anchor.resolve(in: book) else {
            Issue.record("not attached")
            return
        }
        #expect(range == anchor.start..<anchor.end && !moved)
    }

    @Test func onAnEditedCopyANoteFollowsItsQuote() throws {
        let anchor = try Self.anchor("Joseph Stalin, Mikhail Lashevich", atLine: 27, in: book)
        // A paragraph added near the top moves every later line down by two.
        let edited = Self.edited { $0.replacingOccurrences(of: "Bolsheviks and Mensheviks\n",
                                                           with: "Bolsheviks and Mensheviks\n\nA paragraph an editor added.\n") }
        let anchoring = anchor.resolve(in: edited)
        #expect(Self.text(edited, anchoring) == anchor.exact)
        guard case .attached(let unit, _, let moved) = anchoring else { return }
        #expect(moved && edited.units[unit].line == 29)
    }

    @Test func aRewrittenPassageLeavesAnOrphanNeverAMovedNote() throws {
        let anchor = try Self.anchor("Joseph Stalin, Mikhail Lashevich", atLine: 27, in: book)
        let edited = Self.edited { $0.replacingOccurrences(of: "Joseph Stalin, Mikhail Lashevich", with: "Joseph Stalin, M. Lashevich") }
        #expect(anchor.resolve(in: edited) == .orphan(.notFound))
    }

    @Test func aRepeatedQuoteIsPlacedByItsContextOrOrphaned() throws {
        // "Martov" is in the book many times: only its context says which one was noted.
        let anchor = try Self.anchor("Martov", atLine: 362, in: book)
        let count = anchor.occurrences(in: book).count
        #expect(count > 5)
        let shifted = Self.edited { $0.replacingOccurrences(of: "Bolsheviks and Mensheviks\n",
                                                            with: "Bolsheviks and Mensheviks\n\nA paragraph an editor added.\n") }
        let placed = anchor.resolve(in: shifted)
        guard case .attached(let unit, let range, true) = placed else {
            Issue.record("not placed by its context: \(placed)")
            return
        }
        #expect(shifted.units[unit].line == 364 && range == anchor.start..<anchor.end)
        // With the words just before it changed, no occurrence is certainly it.
        let rewritten = Self.edited { $0.replacingOccurrences(of: "One can say of Lenin and Martov", with: "One may say of Lenin and Martov") }
        #expect(anchor.resolve(in: rewritten) == .orphan(.ambiguous(count)))
    }

    @Test func notesRoundTripThroughTheStateFileAndBadOnesAreSetAside() throws {
        let anchor = try Self.anchor("Joseph Stalin, Mikhail Lashevich", atLine: 27, in: book)
        let note = Note(id: "n1", anchor: anchor, text: "Stalin among the early Bolsheviks", created: 1_740_837_909)
        let identity = BookIdentity(hash: "0123456789abcdef", name: "book")
        let json = BookState(notes: [note]).json(book: identity)
        #expect(try BookState.decode(JSON.parse(json.serialized()), book: identity).notes == [note])
        // A note whose offsets disagree with its quote is set aside, not half read.
        var bad = BookState.json(note)
        if case .object(var members) = bad {
            members[members.firstIndex { $0.0 == "position" }!].1 = .object([("line", .int(27)), ("start", .int(0)), ("end", .int(3))])
            bad = .object(members)
        }
        let file = JSON.object([("format", .string("iskra-state")), ("version", .int(2)),
                                ("book", .object([("hash", .string(identity.hash)), ("name", .string("book"))])),
                                ("position", .null), ("bookmarks", .array([])), ("searches", .array([])),
                                ("notes", .array([BookState.json(note), bad]))])
        let state = try BookState.decode(file, book: identity)
        #expect(state.notes == [note] && state.setAside == [bad])
    }

    @Test func twoExplorersKeepEachOthersNotesAndEdits() throws {
        let directory = try StateStoreTests.directory("notes-merge")
        let identity = StateStoreTests.identity
        let first = StateStore(identity: identity, directory: directory, session: "a")
        let second = StateStore(identity: identity, directory: directory, session: "b")
        let one = first.addNote(try Self.anchor("Joseph Stalin", atLine: 27, in: book), text: "one")
        let two = second.addNote(try Self.anchor("Martov", atLine: 362, in: book), text: "")
        first.editNote(one, text: "one, edited")
        second.deleteNote(id: two.id)
        let third = StateStore(identity: identity, directory: directory, readOnly: true)
        #expect(third.notes.map(\.text) == ["one, edited"])
        // Undoing the deletion brings the highlight back as it was.
        second.putNote(two)
        #expect(StateStore(identity: identity, directory: directory, readOnly: true).notes.map(\.id).sorted()
            == [one.id, two.id].sorted())
    }

    @Test func anEditedBookTakesTheNotesOfItsEarlierVersion() throws {
        let directory = try StateStoreTests.directory("notes-carry")
        let old = StateStore(identity: BookIdentity(hash: "00000000000000aa", name: "leon-trotsky"), directory: directory)
        let note = old.addNote(try Self.anchor("Joseph Stalin", atLine: 27, in: book), text: "carried")
        old.addBookmark(at: StateStoreTests.place(chapter: 2), label: "stays behind")
        let before = try String(contentsOfFile: old.path!, encoding: .utf8)
        let edited = StateStore(identity: BookIdentity(hash: "00000000000000bb", name: "leon-trotsky"), directory: directory)
        #expect(edited.notes == [note] && edited.bookmarks.isEmpty)
        #expect(edited.takeNotices() == ["1 note carried over from an earlier version of this book (leon-trotsky-00000000000000aa.json)"])
        #expect(edited.save())
        #expect(StateStore(identity: edited.identity, directory: directory, readOnly: true).notes == [note])
        #expect(try String(contentsOfFile: old.path!, encoding: .utf8) == before)
        // Two explorers open on the new version: one deletes a carried note; the other's first
        // save does not bring it back.
        let third = try StateStoreTests.directory("notes-carry-two")
        let older = StateStore(identity: BookIdentity(hash: "00000000000000aa", name: "leon-trotsky"), directory: third)
        let carried = older.addNote(try Self.anchor("Joseph Stalin", atLine: 27, in: book), text: "carried")
        let first = StateStore(identity: BookIdentity(hash: "00000000000000bb", name: "leon-trotsky"), directory: third)
        let second = StateStore(identity: BookIdentity(hash: "00000000000000bb", name: "leon-trotsky"), directory: third)
        first.deleteNote(id: carried.id)
        #expect(second.save())
        #expect(StateStore(identity: first.identity, directory: third, readOnly: true).notes.isEmpty)
        // Another book's notes never come along.
        let other = StateStore(identity: BookIdentity(hash: "00000000000000cc", name: "another-book"), directory: directory)
        #expect(other.notes.isEmpty)
    }

    @Test func theMarkdownExportQuotesCitesAndListsTheBibliography() throws {
        let metadata = BookMetadata.parse("title: Leon Trotsky\nauthor: John Simkin\npublisher: Spartacus Educational\n",
                                          fallbackTitle: nil).0
        // Made out of book order: a source (sentence header), a chapter paragraph twice, a
        // source with a name-first header, and a note on a passage since rewritten.
        let sentence = try Self.anchor("One can say of Lenin and Martov", atLine: 362, in: book)
        let named = try Self.anchor("he is quite \"ours\" in thought", atLine: 358, in: book)
        let chapter = try Self.anchor("Joseph Stalin, Mikhail Lashevich", atLine: 27, in: book)
        let again = try Self.anchor("A large number of the Social Democratic Party", atLine: 27, in: book)
        var lost = chapter
        lost.exact = "words the book no longer has"
        let notes = [Note(id: "a", anchor: sentence, text: "Trotsky on the split", created: 1),
                     Note(id: "b", anchor: chapter, text: "Stalin was there from the start", created: 2),
                     Note(id: "c", anchor: named, text: "", created: 3),
                     Note(id: "d", anchor: again, text: "A mass movement", created: 4),
                     Note(id: "e", anchor: lost, text: "lost", created: 5)]
        let placed = NotesExport.place(notes, in: book)
        #expect(placed.map(\.note.id) == ["d", "b", "c", "a", "e"])
        let markdown = NotesExport.markdown(placed, book: book, metadata: metadata, catalog: catalog)
        let chapterTitle = "chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D}"
        let paragraph = try #require(Citation.locator(book: book, unit: book.units(startingAtLine: 27)[0]).paragraph)
        #expect(markdown.hasPrefix("# Notes on *Leon Trotsky*\n\n## Chapter 2: Bolsheviks and Mensheviks\n\n"
            + "> A large number of the Social Democratic Party[^1]\n\nA mass movement\n\n"
            + "> Joseph Stalin, Mikhail Lashevich[^2]\n\nStalin was there from the start\n"))
        #expect(markdown.contains("\n## Source 2: Julius Martov, letter to Pavel Axelrod on Leon Trotsky\n\n> he is quite \"ours\" in thought[^3]\n\n## Source 3"))
        #expect(markdown.contains("[^1]: John Simkin, *Leon Trotsky* (Spartacus Educational), \(chapterTitle) \u{B6} \(paragraph).\n"
            + "[^2]: Simkin, *Leon Trotsky*, \(chapterTitle) \u{B6} \(paragraph).\n"
            + "[^3]: Julius Martov, letter to Pavel Axelrod on Leon Trotsky (March 2, 1903), quoted in John Simkin, *Leon Trotsky* "
            + "(Spartacus Educational), source 2, \u{B6} 1.\n"
            + "[^4]: Leon Trotsky, quoted in John Simkin, *Leon Trotsky* (Spartacus Educational), source 3, \u{B6} 1.\n"))
        #expect(markdown.contains("## Notes whose passage was not found"))
        #expect(markdown.contains("> words the book no longer has\n\nlost\n"))
        #expect(markdown.hasSuffix("## Bibliography\n\nMartov, Julius. Letter to Pavel Axelrod on Leon Trotsky. March 2, 1903. "
            + "Quoted in *Leon Trotsky*.\n\nSimkin, John. *Leon Trotsky*. Spartacus Educational.\n\n"
            + "Trotsky, Leon. Quoted in *Leon Trotsky*.\n"))
        // The JSON gives each note's anchor and where it lands now.
        let json = try #require(NotesExport.json(placed, book: book, metadata: metadata, catalog: catalog).arrayValue)
        #expect(json[0]["status"]?.stringValue == "attached" && json[0]["line"]?.intValue == 27)
        #expect(json[4]["status"]?.stringValue == "orphan" && json[4]["quote"]?["exact"]?.stringValue == lost.exact)
    }

    @Test func aShortQuoteFoundOnceElsewhereWithNoneOfItsContextIsAnOrphan() throws {
        // "Joseph Stalin" is in the book many times; in an edited copy where only one is left,
        // in another passage, a short note on it must not move there.
        let anchor = try Self.anchor("Joseph Stalin, Mikhail", atLine: 27, in: book)
        let edited = Self.edited { text in
            text.replacingOccurrences(of: "Joseph Stalin, Mikhail Lashevich", with: "Mikhail Lashevich")
                .replacingOccurrences(of: "Sverdlov, Lev Kamenev", with: "Sverdlov, Joseph Stalin, Mikhail Kamenev")
        }
        #expect(anchor.occurrences(in: edited).count == 1)
        #expect(anchor.resolve(in: edited) == .orphan(.notFound) || anchor.resolve(in: edited) == .orphan(.ambiguous(1)))
    }

    @Test func aDamagedNoteEntryIsSetAsideNeverACrash() throws {
        let entry = try JSON.parse(#"{"id":"x","text":"","created":"2025-03-01T14:05:09Z","modified":"2025-03-01T14:05:09Z","quote":{"exact":"abc","prefix":"","suffix":""},"position":{"line":1,"start":5,"end":-9223372036854775808}}"#)
        #expect(BookState.note(entry) == nil)
    }

    @Test func markdownNeverTurnsAQuoteOrANoteIntoAListHeadingOrFootnote() {
        #expect(Citation.markdownEscaped("1917. The year") == "1917\\. The year")
        #expect(Citation.markdownEscaped("# not a heading\n> nor a quote\n- nor a list") == "\\# not a heading\n\\> nor a quote\n\\- nor a list")
        #expect(Citation.markdownEscaped("see [^1]: mine") == "see \\[^1]: mine")
        #expect(Citation.markdownEscaped("In 1917 the year") == "In 1917 the year")
    }
}
