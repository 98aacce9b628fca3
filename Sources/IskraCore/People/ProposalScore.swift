// How close proposed people come to a curated register on the same book: the measure behind
// `iskra people --score-against REGISTER` and the floor the tests keep on the bundled book.
//
// A proposed person stands for the register person most of its mentions fall on (mentions
// overlapping in the same unit); none when most fall on nobody. Then:
// - people precision: proposed people standing for a register person / proposed people named;
// - people recall: register people some proposal stands for / register people named;
// - mention precision: proposed mentions overlapping a mention of the person their proposal
//   stands for / proposed mentions;
// - mention recall: register mentions overlapped by such a correct proposed mention / register
//   mentions.
// Both indexes list mentions in book order, so one merge walk pairs them: linear in mentions.

public struct ProposalScore: Equatable, Sendable {
    public var proposedPeople = 0
    public var matchedProposals = 0
    public var referencePeople = 0
    public var foundReferencePeople = 0
    public var proposedMentions = 0
    public var correctMentions = 0
    public var referenceMentions = 0
    public var foundReferenceMentions = 0
    /// Proposed person -> the reference person it stands for, nil for none.
    public var standsFor: [Int?] = []

    public var peoplePrecision: Double { ratio(matchedProposals, proposedPeople) }
    public var peopleRecall: Double { ratio(foundReferencePeople, referencePeople) }
    public var mentionPrecision: Double { ratio(correctMentions, proposedMentions) }
    public var mentionRecall: Double { ratio(foundReferenceMentions, referenceMentions) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    public init(proposed: PeopleIndex, reference: PeopleIndex) {
        // For each proposed mention, the reference mention it overlaps (if any).
        let overlaps = Self.overlaps(proposed.mentions, reference.mentions)
        var votes = [[Int: Int]](repeating: [:], count: proposed.people.count)
        for (p, mention) in proposed.mentions.enumerated() {
            let key = overlaps[p].map { reference.mentions[$0].person } ?? -1
            votes[mention.person][key, default: 0] += 1
        }
        standsFor = votes.map { tally in
            guard let best = tally.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), best.key >= 0 else { return nil }
            return best.key
        }
        proposedPeople = proposed.people.indices.filter { proposed.mentionCount(of: $0) > 0 }.count
        matchedProposals = standsFor.indices.filter { standsFor[$0] != nil && proposed.mentionCount(of: $0) > 0 }.count
        referencePeople = reference.people.indices.filter { reference.mentionCount(of: $0) > 0 }.count
        foundReferencePeople = Set(standsFor.compactMap { $0 }).count
        proposedMentions = proposed.mentions.count
        referenceMentions = reference.mentions.count
        var found = [Bool](repeating: false, count: reference.mentions.count)
        for (p, mention) in proposed.mentions.enumerated() {
            guard let r = overlaps[p], let target = standsFor[mention.person], reference.mentions[r].person == target
            else { continue }
            correctMentions += 1
            found[r] = true
        }
        foundReferenceMentions = found.lazy.filter { $0 }.count
    }

    /// For each mention of `a`, the index of a mention of `b` overlapping it, by one merge walk
    /// (both in book order, neither overlapping itself).
    static func overlaps(_ a: [Mention], _ b: [Mention]) -> [Int?] {
        var result = [Int?](repeating: nil, count: a.count)
        var j = 0
        for (i, mention) in a.enumerated() {
            while j < b.count && (b[j].unit < mention.unit
                || (b[j].unit == mention.unit && b[j].offset + b[j].length <= mention.offset)) { j += 1 }
            if j < b.count && b[j].unit == mention.unit && b[j].offset < mention.offset + mention.length {
                result[i] = j
            }
        }
        return result
    }
}
