import IskraCore
import Testing
import TextUI
@testable import Explorer

@Suite("Golden screens")
struct GoldenScreenTests {
    let colour = Theme(capability: .basic8)

    @Test(arguments: [(80, 24), (120, 40)])
    func openingScreen(width: Int, height: Int) {
        let state = Fixtures.goldenState(width, height)
        expectSnapshot(render(state, theme: colour), "opening-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func chapterScrolledHalfway(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .down, .down, .down, .down, .down, .down, .down, .down, .enter) // chapter 9
        let half = state.maxReaderTop / 2
        for _ in 0..<half { send(&state, .character("j")) }
        #expect(state.page == .chapter(8))
        #expect(state.readerTop == half)
        expectSnapshot(render(state, theme: colour), "chapter-halfway-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func primarySource(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("3"))
        for _ in 0..<15 { send(&state, .character("j")) }
        send(&state, .enter)
        #expect(state.page == .source(15))
        expectSnapshot(render(state, theme: colour), "source-16-\(width)x\(height)")
    }

    @Test(arguments: [(60, 15), (120, 40)])
    func sourceCard(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("3"), .character("c"))
        #expect(state.page == .sourceCard(0))
        expectSnapshot(render(state, theme: colour), "source-card-1-\(width)x\(height)")
    }

    /// The opening's first paragraph quotes source 1: `|` puts it beside the story, or in a box.
    @Test(arguments: [(80, 24), (120, 40)])
    func sourceBesideTheStory(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .tab, .character("|"))
        #expect(state.split?.source == 0)
        expectSnapshot(render(state, theme: colour), "split-source-1-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func helpOverlay(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("?"))
        expectSnapshot(render(state, theme: colour), "help-\(width)x\(height)")
    }

    @Test func onePaneNavigatorAndReader() {
        var state = Fixtures.goldenState(60, 20)
        expectSnapshot(render(state, theme: colour), "one-pane-navigator-60x20")
        send(&state, .character("j"), .enter)
        #expect(state.focus == .reader)
        expectSnapshot(render(state, theme: colour), "one-pane-reader-60x20")
    }

    @Test(arguments: [(20, 5), (39, 24)])
    func tooSmall(width: Int, height: Int) {
        let state = Fixtures.goldenState(width, height)
        expectSnapshot(render(state, theme: colour), "too-small-\(width)x\(height)")
    }

    @Test func monochromeUsesAttributesOnly() {
        var state = Fixtures.goldenState(80, 24)
        send(&state, .enter)
        let frame = render(state, theme: Theme(capability: .monochrome))
        for cell in frame.cells {
            #expect(cell.style.foreground == .terminalDefault && cell.style.background == .terminalDefault)
        }
        expectSnapshot(frame, "monochrome-opening-chapter-80x24")
    }
}

@Suite("Golden screens: people and search")
struct PeopleAndSearchScreenTests {
    let colour = Theme(capability: .palette256)

    @Test(arguments: [(80, 24), (120, 40)])
    func personCard(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("2"), .down, .down, .enter) // Joseph Stalin
        guard case .person(let index) = state.page else { Issue.record("no card"); return }
        #expect(Fixtures.goldenBook.people.people[index].name == "Joseph Stalin")
        expectSnapshot(render(state, theme: colour), "person-card-stalin-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func passagesNamingTwoPeople(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("2"), .down, .down, .enter) // Joseph Stalin
        let lenin = Fixtures.goldenBook.people.people.firstIndex { $0.name == "Vladimir Lenin" }!
        while state.reader.lines[state.readerCursor!].target != .shared(with: lenin) { send(&state, .character("j")) }
        expectSnapshot(render(state, theme: colour), "person-card-stalin-named-with-\(width)x\(height)")
        send(&state, .enter, .character("j"))
        expectSnapshot(render(state, theme: colour), "shared-stalin-lenin-\(width)x\(height)")
    }

    @Test func mentionListScrolledAndJumpHighlighted() {
        var state = Fixtures.goldenState(120, 40)
        send(&state, .character("2"), .down, .enter)         // Lenin's card
        // Past the Where and Named with rows, 30 lines into the mentions.
        let rows = state.reader.selectableLines.filter { if case .mention? = state.reader.lines[$0].target { false } else { true } }
        for _ in 0..<(rows.count + 30) { send(&state, .character("j")) }
        expectSnapshot(render(state, theme: colour), "person-mentions-lenin-120x40")
        send(&state, .enter)
        expectSnapshot(render(state, theme: colour), "person-mention-opened-120x40")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func searchInProgress(width: Int, height: Int) {
        var state = Fixtures.goldenState(width, height)
        send(&state, .character("/"))
        for key in typed("kron") { send(&state, key) }
        expectSnapshot(render(state, theme: colour), "search-kron-\(width)x\(height)")
    }

    @Test func searchWithPeopleFirstAndAHitOpened() {
        var state = Fixtures.goldenState(120, 40)
        send(&state, .character("/"))
        for key in typed("sedov") { send(&state, key) }
        expectSnapshot(render(state, theme: colour), "search-sedov-people-120x40")
        send(&state, .down, .down, .down, .enter)
        expectSnapshot(render(state, theme: colour), "search-sedov-hit-opened-120x40")
    }

    @Test func peopleOnScreenOverlay() {
        var state = Fixtures.goldenState(120, 40)
        send(&state, .down, .enter, .character("p"))
        expectSnapshot(render(state, theme: colour), "people-on-screen-120x40")
    }
}
