import IskraCore
import Testing
import TextUI
@testable import Explorer

/// Notes in the explorer: `a` on the passage in view, `v` to choose words, the Notes list,
/// highlights in the reader, `#` paragraph numbers, and citing what is chosen.
@Suite("Notes in the explorer")
struct NotesViewTests {
    /// The book open in chapter 2's reader, its top at the paragraph of file line 27.
    static func reading() -> AppState {
        var state = Fixtures.state(120, 40)
        send(&state, .character("j"), .enter)
        let unit = Fixtures.book.units(startingAtLine: 27)[0]
        state.readerTop = state.reader.firstLine[unit]!
        return state
    }

    /// What the runtime does with a note request: the store's answer, as notes.
    static func stored(_ effects: [Effect], into notes: inout [Note], _ state: inout AppState) {
        for case .store(let request) in effects {
            switch request {
            case .addNote(let anchor, let text):
                notes.append(Note(id: "n\(notes.count)", anchor: anchor, text: text, created: 1_700_000_000))
            case .editNote(let note, let text):
                if let index = notes.firstIndex(where: { $0.id == note.id }) { notes[index].text = text }
            case .deleteNote(let id): notes.removeAll { $0.id == id }
            case .putNote(let note): notes.append(note)
            default: break
            }
        }
        _ = reduce(&state, .stored(.notes(notes)))
    }

    @Test func aNotesThePassageInViewAndItIsHighlightedListedAndOpened() throws {
        var state = Self.reading()
        var notes: [Note] = []
        send(&state, .character("a"))
        guard case .noteText(_, .new(let anchor))? = state.overlay else {
            Issue.record("no note line: \(String(describing: state.overlay))")
            return
        }
        let unit = Fixtures.book.units(startingAtLine: 27)[0]
        #expect(anchor.exact == Fixtures.book.units[unit].text && anchor.line == 27)
        #expect(screenRows(state).last?.contains("Note on 2\u{B6}") == true)
        for key in typed("The early Bolsheviks") { send(&state, key) }
        Self.stored(send(&state, .enter), into: &notes, &state)
        #expect(notes.map(\.text) == ["The early Bolsheviks"])
        // Every line of the noted paragraph has the mark in the margin (rows: the title bar, the
        // tabs and the reader's header, then the text).
        let first = state.reader.firstLine[unit]! - state.readerTop
        let rows = screenRows(state)
        #expect(rows[2 + first].contains("\u{2022}A large number"))
        // The Notes list: where, the words, the quote; Enter goes there with the list kept.
        send(&state, .character("g"), .character("5"))
        #expect(screenRows(state)[2].contains("2\u{B6}4 The early Bolsheviks \u{201C}A large number"))
        send(&state, .enter)
        #expect(state.page == .chapter(1) && state.tab == .notes && state.focusSpan?.unit == unit)
        // a on the same words edits their note instead of adding a twin.
        send(&state, .tab)
        send(&state, .character("a"))
        guard case .noteText(let line, .edit)? = state.overlay else {
            Issue.record("not editing")
            return
        }
        #expect(line.text == "The early Bolsheviks")
    }

    @Test func deleteAndUndoOnTheNotesList() throws {
        var state = Self.reading()
        var notes: [Note] = []
        send(&state, .character("a"))
        Self.stored(send(&state, .enter), into: &notes, &state)
        send(&state, .character("5"))
        Self.stored(send(&state, .character("d")), into: &notes, &state)
        #expect(notes.isEmpty && state.notice?.hasPrefix("u undoes") == true)
        Self.stored(send(&state, .character("u")), into: &notes, &state)
        #expect(notes.count == 1 && notes[0].isHighlight)
        // Elsewhere d and u leave notes alone.
        send(&state, .character("1"))
        #expect(send(&state, .character("d")).isEmpty && send(&state, .character("u")).isEmpty)
        send(&state, .tab)
        #expect(send(&state, .character("d")).isEmpty)
    }

    @Test func vChoosesWordsFromTheMentionJumpedToAndExtendsThem() throws {
        var state = Self.reading()
        let unit = Fixtures.book.units(startingAtLine: 27)[0]
        let text = Fixtures.book.units[unit].text
        // The focus on "Joseph Stalin", as a jump leaves it.
        let start = text.unicodeScalars.distance(from: text.startIndex, to: text.range(of: "Joseph Stalin")!.lowerBound)
        state.focusSpan = FocusSpan(unit: unit, range: start..<(start + 6))
        send(&state, .character("v"))
        func chosen() -> String {
            guard let selection = state.textSelection else { return "" }
            return NotesExport.quoted(Fixtures.book, unit: selection.unit, range: selection.range)
        }
        #expect(chosen() == "Joseph")
        send(&state, .character("w"))
        #expect(chosen() == "Joseph Stalin,")
        send(&state, .character("w"), .character("w"))
        #expect(chosen() == "Joseph Stalin, Mikhail Lashevich,")
        send(&state, .character("b"))
        #expect(chosen() == "Joseph Stalin, Mikhail")
        send(&state, .character("s"))
        #expect(chosen().hasPrefix("Joseph Stalin, Mikhail Lashevich") && chosen().hasSuffix("Alexander Bogdanov."))
        // y cites the words chosen: the Markdown style quotes them, not the paragraph.
        state.citationStyle = .markdown
        let effects = send(&state, .character("y"))
        guard case .copy(let citation)? = effects.first else {
            Issue.record("nothing copied")
            return
        }
        #expect(citation.hasPrefix("> Joseph Stalin, Mikhail Lashevich") && citation.contains("chap. 2"))
        // a notes just those words; Esc elsewhere ends the choice.
        send(&state, .character("a"))
        guard case .noteText(_, .new(let anchor))? = state.overlay else {
            Issue.record("no note line")
            return
        }
        #expect(anchor.exact.hasPrefix("Joseph Stalin") && anchor.start == start && state.textSelection == nil)
    }

    @Test func aSentenceStartsAfterTheQuotationMarkClosingTheOneBeforeAndAccentsStayInTheirWord() {
        let book = Book(document: Parser.parse(text: "A Title\n\nHe said \u{201C}Go now.\u{201D} Then he left the cafe\u{301} quickly.\n"))
        let unit = book.units.first { $0.kind == .paragraph }!
        let steps = WordSteps(book, unit: unit.id)
        let text = Array(unit.text.unicodeScalars)
        let then = text.firstIndex(of: "T")!
        #expect(steps.sentenceStart(atOrBefore: then + 3) == then)
        // From "He", s takes the first sentence with its closing mark; S gives it back whole.
        let end = steps.sentenceEnd(after: 0)
        #expect(String(String.UnicodeScalarView(text[0..<end])) == "He said \u{201C}Go now.\u{201D}")
        let longer = steps.sentenceEnd(after: end)
        #expect(steps.sentenceEnd(before: longer, above: 0) == end)
        // The accent is part of the word.
        let cafe = text.firstIndex(of: "c")!
        #expect(steps.wordEnd(after: cafe) == cafe + 5)
    }

    @Test func sentencesDoNotEndAtInitials() {
        let book = Fixtures.book
        let line = try! #require(Fixtures.book.units.first { $0.text.contains("V. I. Lenin") || $0.text.contains(" V. ") })
        let steps = WordSteps(book, unit: line.id)
        let initial = line.text.unicodeScalars.distance(from: line.text.startIndex,
                                                        to: (line.text.range(of: "V. I. Lenin") ?? line.text.range(of: " V. ")!).lowerBound)
        // The sentence around an initial runs past it.
        #expect(steps.sentenceEnd(after: max(0, initial - 1)) > initial + 3)
    }

    @Test func hashShowsParagraphNumbersAsCitationsCountThem() throws {
        var state = Self.reading()
        let unit = Fixtures.book.units(startingAtLine: 27)[0]
        let row = state.reader.firstLine[unit]! - state.readerTop
        let before = screenRows(state)[2 + row]
        send(&state, .character("#"))
        let number = try #require(Citation.locator(book: Fixtures.book, unit: unit).paragraph)
        let after = screenRows(state)[2 + state.reader.firstLine[unit]! - state.readerTop]
        #expect(after.contains("\(number) A large number") && !before.contains("\(number) A large number"))
        // The text is narrower by the numbers' column, and the same text.
        #expect(state.reader.width == state.geometry.readerTextWidth)
        send(&state, .character("#"))
        #expect(!screenRows(state).joined().contains("\(number) A large number"))
    }

    @Test func theCitationBoxLeavesTheMouseToTheTerminal() {
        var state = ExplorerState.open(Self.reading())
        #expect(state.wantsMouse)
        _ = reduce(&state, .copied(false, text: "A citation."))
        #expect(!state.wantsMouse)
        _ = reduce(&state, .input(.key(.character("j"))))
        #expect(state.wantsMouse)
    }
}
