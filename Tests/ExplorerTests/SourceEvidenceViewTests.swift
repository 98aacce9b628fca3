import IskraCore
import Testing
import TextUI
@testable import Explorer

/// Sources as evidence in the explorer, on the bundled book: cards, margin marks, following a
/// link and coming back, the source beside the story, by:NAME.
@Suite("Sources as evidence: cards, links and the split reader")
struct SourceEvidenceViewTests {
    let book = Fixtures.book
    let catalog = Fixtures.catalog
    let mono = Theme(capability: .monochrome)

    func rows(_ state: AppState) -> [String] { screenRows(state) }

    /// The first quoted link of the book, and the reader on its narrative paragraph.
    func readingFirstQuotation(_ width: Int = 120, _ height: Int = 40) -> (AppState, EvidenceLink, Int) {
        var state = Fixtures.state(width, height)
        let index = catalog.links.firstIndex { $0.kind == .quoted }!
        let link = catalog.links[index]
        go(&state, to: Place(page: .chapter(link.chapter), anchor: ReaderAnchor(unit: link.unit, offset: 0, linesBefore: 0)))
        state.focus = .reader
        return (state, link, index)
    }

    @Test func xFollowsAQuotationToItsSourceWithTheSharedWordsAndHComesBack() throws {
        var (state, link, index) = readingFirstQuotation()
        let before = state.place
        send(&state, .character("x"))
        let span = try #require(link.spans.first)
        #expect(state.page == .source(link.source))
        #expect(state.followedLink == index && state.focusSpan == FocusSpan(unit: span.sourceUnit, range: span.sourceRange))
        // The shared words are styled on the source's side, and the notice says how to go back.
        #expect(overlays(state, unit: span.sourceUnit, range: span.sourceRange).contains { $0.role == .shared })
        #expect(state.notice?.contains("quoted here") == true && state.notice?.contains("h back") == true)
        send(&state, .character("h"))
        #expect(state.page == before.page && state.readerAnchor.unit == before.anchor.unit)
        // Back on the story, its side of the shared words is marked too.
        #expect(overlays(state, unit: link.unit, range: span.narrativeRange).contains { $0.role == .shared })
    }

    @Test func linkedParagraphsAreMarkedInTheMarginQuotedAndRelatedApart() throws {
        var (state, link, _) = readingFirstQuotation()
        let line = try #require(state.reader.line(containing: 0, inUnit: link.unit))
        let row = line - state.readerTop + state.geometry.reader.y
        let frame = render(state, theme: mono)
        #expect(frame[state.geometry.reader.x, row].grapheme == "┃")
        // A related (proposed) paragraph gets the other glyph, legible without colour.
        let related = try #require(catalog.links.first { $0.kind == .related && catalog.links(ofUnit: $0.unit).allSatisfy { $0.kind == .related } })
        go(&state, to: Place(page: .chapter(related.chapter), anchor: ReaderAnchor(unit: related.unit, offset: 0, linesBefore: 0)))
        let relatedRow = state.reader.line(containing: 0, inUnit: related.unit)! - state.readerTop + state.geometry.reader.y
        #expect(render(state, theme: mono)[state.geometry.reader.x, relatedRow].grapheme == "┆")
    }

    @Test func aParagraphWithSeveralLinksOffersAChoice() throws {
        let unit = try #require(catalog.links.map(\.unit).first { unit in catalog.links(ofUnit: unit).count > 1 })
        let links = catalog.links(ofUnit: unit)
        var state = Fixtures.state(120, 40)
        go(&state, to: Place(page: book.page(ofUnit: unit), anchor: ReaderAnchor(unit: unit, offset: 0, linesBefore: 0)))
        state.focus = .reader
        send(&state, .character("x"))
        guard case .links(let choices, 0)? = state.overlay else { Issue.record("no chooser: \(String(describing: state.overlay))"); return }
        #expect(choices.count == links.count)
        #expect(rows(state).contains { $0.contains("Linked here") })
        send(&state, .down, .enter)
        #expect(state.overlay == nil && state.page == .source(catalog.links[choices[1]].source))
    }

    @Test func cOpensASourceCardWhoseRowsLeadToTheStoryAndTheAuthor() throws {
        var state = Fixtures.state(120, 40)
        send(&state, .character("3"), .character("c"))
        #expect(state.page == .sourceCard(0) && state.focus == .reader)
        let text = rows(state).joined(separator: "\n")
        #expect(text.contains("Author      Leon Trotsky"))
        #expect(text.contains("Genre       autobiography"))
        #expect(text.contains("QUOTED IN THE STORY"))
        #expect(text.contains("RELATED · PROPOSED"))
        // The cursor starts on the author: Enter opens the person's card, h comes back.
        send(&state, .enter)
        #expect(state.page == .person(book.people.people.firstIndex { $0.name == "Leon Trotsky" }!))
        send(&state, .character("h"))
        #expect(state.page == .sourceCard(0))
        // Down to the quoted row: Enter opens the paragraph that quotes it.
        let quoted = state.reader.selectableLines.first { if case .link = state.reader.lines[$0].target { true } else { false } }!
        while state.readerCursor != quoted { send(&state, .down) }
        send(&state, .enter)
        let first = catalog.links(ofSource: 0)[0]
        #expect(state.page == .chapter(first.chapter) && state.focusSpan?.unit == first.unit)
        // c on a source's text opens its card; on the card, its text.
        send(&state, .character("]"))
        go(&state, to: Place(page: .source(15), anchor: .top))
        send(&state, .character("c"))
        #expect(state.page == .sourceCard(15))
        send(&state, .character("c"))
        #expect(state.page == .source(15))
    }

    @Test func theSourceBesideTheStoryFromOneHundredColumnsAndInABoxBelow() throws {
        var (state, link, _) = readingFirstQuotation(120, 40)
        send(&state, .character("|"))
        let split = try #require(state.split)
        #expect(split.source == link.source && state.splitsSideBySide)
        #expect(!state.geometry.showsNavigator && state.geometry.readerPane.width < 60)
        let screen = rows(state)
        #expect(screen[1].contains("Source \(link.source + 1)/44"))
        // Tab gives the keys to the source's side; | closes and the navigator is back.
        send(&state, .tab)
        #expect(state.split?.focused == true)
        send(&state, .character("|"))
        #expect(state.split == nil && state.geometry.showsNavigator)
        #expect(state.reader.width == state.geometry.readerTextWidth)

        var (narrow, _, _) = readingFirstQuotation(80, 24)
        send(&narrow, .character("|"))
        #expect(narrow.split != nil && !narrow.splitsSideBySide)
        #expect(rows(narrow).contains { $0.contains("j/k scroll · | closes") })
        let top = narrow.split!.top
        send(&narrow, .character("j"))
        #expect(narrow.split!.top == min(top + 1, maxSplitTop(narrow, narrow.split!)))
        send(&narrow, .escape)
        #expect(narrow.split == nil)
        // Resizing wide opens it side by side, at the new width.
        send(&narrow, .character("|"))
        _ = reduce(&narrow, .input(.resize(Size(width: 140, height: 40))))
        #expect(narrow.splitsSideBySide && narrow.split?.layout.width == narrow.geometry.sideTextWidth)
    }

    @Test func byNameListsTheSourcesOfAnAuthorAndOpensTheirCard() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("by:duranty") { send(&state, key) }
        let duranty = catalog.entries.filter { $0.author == "Walter Duranty" }.map(\.index)
        #expect(duranty.count == 3 && state.search?.sources == duranty)
        #expect(rows(state).contains { $0.contains("3 sources by duranty") })
        for key in typed(" stalin") { send(&state, key) }
        // With words, only his sources that hold them are listed, and the summary says of how many.
        let holding = state.search?.sources ?? []
        #expect(!holding.isEmpty && holding.count < duranty.count && state.search?.authorMatches == 3)
        #expect(rows(state).contains { $0.contains("\(holding.count) of 3 sources by duranty") })
        for _ in 0..<7 { send(&state, .backspace) }
        for key in typed(" please") { send(&state, key) }
        // Hits only in his sources.
        let results = state.search?.results
        #expect(results?.isEmpty == false)
        #expect(results?.groups.allSatisfy { group in
            if case .source(let index) = group.container { duranty.contains(index) } else { false }
        } == true)
        send(&state, .enter)
        #expect(state.page == .sourceCard(duranty[0]))
        // His card lists what a person wrote: Lenin's, his message to Trotsky.
        let lenin = book.people.people.firstIndex { $0.name == "Vladimir Lenin" }!
        openPerson(&state, lenin)
        let row = state.reader.lines.firstIndex { $0.target == .sourceCard(11) }
        #expect(row != nil)
        state.readerCursor = row
        send(&state, .enter)
        #expect(state.page == .sourceCard(11))
    }

    @Test func beforeTheCatalogArrivesTheListShowsHeadersAndLinksWait() {
        var state = AppState(book: book, size: Size(width: 120, height: 40), search: Fixtures.search)
        send(&state, .character("3"))
        // Headers as written until the metadata is in: a sentence header has no author yet.
        #expect(rows(state).contains { $0.contains("12 Lenin to Leon Trotsky after") })
        send(&state, .tab, .character("x"))
        #expect(state.notice == "Still reading the sources' headers")
        _ = reduce(&state, .sourcesReady(catalog))
        #expect(rows(state).contains { $0.contains("12 Lenin: message") })
    }
}
