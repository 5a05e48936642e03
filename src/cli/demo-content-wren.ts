import { FANDOMS, html, type DemoAuthor } from './demo-content-shared.js';

// wren_harbor writes mostly about the Saltmarrow lighthouse: a complete story, one in progress (with a draft
// chapter), a Mature placeholder, a short Japanese piece, a crossover told in letters, and an unposted draft.

const LIGHT = FANDOMS.lighthouse;

export const wren: DemoAuthor = {
  username: 'wren_harbor',
  email: 'wren_harbor@example.org',
  works: [
    {
      title: "The Keeper's Ledger",
      summary:
        'Ines Calloway inherits the Saltmarrow light, a cat of uncertain loyalty, and a ledger that Old Marit kept for forty years. Three seasons on a rock in the sea.',
      notes: 'A quiet one. Each chapter is a season; the story is complete.',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [LIGHT],
      relationships: ['Ines Calloway & Old Marit', 'Ines Calloway/Bram Ostrander'],
      characters: ['Ines Calloway', 'Old Marit', 'Bram Ostrander'],
      freeforms: ['Lighthouses', 'Weather', 'Slow Burn', 'Seasons', 'Cats'],
      expected_chapters: 3,
      chapters: [
        {
          title: 'Autumn: The Handover',
          summary: 'Old Marit shows Ines the stairs, the lamp, and the ledger.',
          body: html(
            'There were one hundred and twelve steps from the kitchen to the lamp room, and Old Marit counted every one of them out loud, as if the number might have changed since the morning.',
            '"You will stop counting after a week," she said at the top, breathing hard. "Then one night you will miss a step in the dark and start again. Everybody does."',
            'Ines set down her bag. The lamp room was smaller than she had imagined and far brighter, even with the lamp asleep: glass on every side, the grey sea on every side beyond it, and a brass rail polished by decades of hands.',
            'Marit took a ledger from a shelf under the window. Its cover was soft with age. Inside, in a tidy hand that grew less tidy over the years, were forty years of weather: wind from the west, wind from the north, fog until noon, a whale seen, a whale not seen but probably there.',
            '"Write something every night," Marit said. "Even if it is only the wind. The sea likes to know it is being watched."',
            'Ines did not believe that. But that evening, when the lamp turned its first slow circle over the water, she sat at the little desk and wrote: <em>Wind from the south-west. Clear. The cat has not decided about me yet.</em>',
          ),
        },
        {
          title: 'Winter: The Long Dark',
          summary: 'Storms, a broken pane, and a visitor who is mostly a voice on the radio.',
          notes: 'Bram finally gets a line or two.',
          body: html(
            'By midwinter the days were short enough to fit in a pocket. Ines lit the lamp at four in the afternoon and put it out at nine in the morning, and in between she listened to the radio, because the radio was the only voice on the rock that was not the wind.',
            'The supply boat captain called every Thursday to ask what she needed. His name was Bram Ostrander, and he had the patient voice of a man who spent most of his life waiting for the tide.',
            '"Flour," said Ines. "Lamp wicks. A pane of glass, eleven inches by fourteen. And something to read that is not the ledger."',
            '"What happened to the glass?"',
            '"A gull," she said. "It was not personal. At least I hope not."',
            'He laughed, and the static made the laugh sound like surf. On Thursday the weather turned and the boat could not come, and on the Thursday after that it came with flour, wicks, the pane of glass wrapped in a blanket, and three paperback novels with the corners turned down where he had stopped reading them himself.',
            'In the ledger that night Ines wrote: <em>Wind from the north. Heavy sea. Glass replaced. The captain reads mysteries and gives up on them halfway.</em>',
          ),
        },
        {
          title: 'Spring: The Supply Boat',
          summary: 'The first calm day of the year, and a question Ines has been saving.',
          end_notes: 'Thank you for reading! Ines and the cat will be back in "Fog Signals".',
          body: html(
            'The first calm day of spring came without warning. The sea lay down flat as a table, the fog burned off by ten, and for the first time since autumn Ines could see the mainland: a green line, a church spire, a scatter of white houses like spilled salt.',
            'Bram tied up at the landing at noon. In person he was taller than his voice, and more awkward, and he stood on the landing holding a crate of oranges as if he had forgotten why he was holding it.',
            '"Old Marit sent these," he said. "She says you are to eat them and not give them all to the cat."',
            '"The cat does not like oranges."',
            '"Then you have no excuse."',
            'They carried the crates up together, and at the top of the hundred and twelve steps Ines realised she had not counted them. She showed him the lamp, and the ledger, and the new pane of glass, which was perfectly ordinary but which he admired anyway.',
            'Before he left she asked the question she had been saving all winter: how did the mysteries end? He admitted he did not know. They agreed that he would read the endings to her over the radio, one chapter every Thursday, until they were done.',
            'In the ledger she wrote: <em>Wind calm. Clear to the mainland. Oranges. Thursday is a good day.</em>',
          ),
        },
      ],
    },
    {
      title: 'Fog Signals',
      summary:
        'The foghorn on Saltmarrow breaks during the foggiest week in living memory, and Ines has a new apprentice who is very sure he can fix it.',
      notes: 'Updates when the weather allows. Five chapters planned.',
      rating: 'Teen And Up Audiences',
      warnings: ['Creator Chose Not To Use Archive Warnings'],
      fandoms: [LIGHT],
      relationships: ['Ines Calloway & Pell Harrow', 'Ines Calloway/Bram Ostrander'],
      characters: ['Ines Calloway', 'Pell Harrow', 'Bram Ostrander'],
      freeforms: ['Fog', 'Mentorship', 'Found Family', 'Work In Progress'],
      expected_chapters: 5,
      chapters: [
        {
          title: 'A Very Quiet Morning',
          body: html(
            'The fog arrived on a Monday and showed no sign of leaving. From the lamp room Ines could not see the landing, or the rocks, or the sea; only white, pressed against the glass like a hand.',
            'At seven the foghorn should have sounded. It did not. Instead there was a cough from the engine house, a long metallic sigh, and then nothing at all.',
            'Pell Harrow, who was fourteen and had been on the rock for nine days, appeared at the top of the stairs with oil on his cheek and a spanner in each hand.',
            '"I can fix it," he said.',
            '"You do not know what is wrong with it."',
            '"No," Pell agreed. "But I can fix it."',
          ),
        },
        {
          title: 'The Engine House',
          summary: 'Pell takes the horn apart. Ines rings the bell by hand.',
          notes: 'Chapter three is being written now.',
          body: html(
            'The foghorn mechanism lay across the engine house floor in a careful spiral, every part set down in the order it had come out. Pell knelt in the middle of it like someone building a nest.',
            'Meanwhile somebody had to warn the boats. Ines found the old hand bell in a cupboard under the stairs, green with salt, and rang it every two minutes from the gallery, twice a minute when she heard an engine out in the white.',
            'By evening her arms ached and she had rung the bell, by her own count, four hundred and six times. The radio crackled. Bram, somewhere on the other side of the fog, said: "I can hear you from the harbour. You have a very determined bell."',
            '"The horn is in pieces," Ines said. "My apprentice is reassembling it."',
            '"Is he any good?"',
            'Ines looked down through the gallery hatch at Pell, who had fallen asleep among the parts with a washer in his hand. "Ask me tomorrow," she said.',
          ),
        },
        {
          title: 'Reassembly',
          draft: true,
          body: html(
            '[Draft] Pell wakes up, the horn goes back together with one part left over, and nobody can agree what it was for.',
          ),
        },
      ],
    },
    {
      title: 'What the Tide Left',
      summary: 'After the storm, Ines and Bram have a conversation that is long overdue. A placeholder for a Mature work.',
      notes: 'Demo content: this work shows how a Mature rating looks. The text is placeholder prose.',
      rating: 'Mature',
      warnings: ['Creator Chose Not To Use Archive Warnings'],
      fandoms: [LIGHT],
      relationships: ['Ines Calloway/Bram Ostrander'],
      characters: ['Ines Calloway', 'Bram Ostrander'],
      freeforms: ['Placeholder Text', 'Established Relationship', 'Storms'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            'This placeholder stands in for mature content.',
            'The storm blew itself out a little after midnight. In the morning the landing was covered in seaweed, a broken lobster pot, and one perfectly intact glass float, green as a bottle, which Bram picked up and turned over in his hands for a long time before he said anything at all.',
            'What they said to each other is not written here. The kettle boiled twice and was forgotten twice. The ledger for that day reads only: <em>Wind dropping. Sea settling. Everything is going to be fine.</em>',
          ),
        },
      ],
    },
    {
      title: '灯台の朝',
      summary: 'ソルトマロウ灯台の、ある静かな朝の話。',
      language: 'ja',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [LIGHT],
      characters: ['Ines Calloway', 'Pell Harrow'],
      freeforms: ['Short', 'Morning'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            '朝の五時、イネスは灯台の明かりを消した。海はまだ灰色で、風は西から静かに吹いていた。',
            '台所では、ペルがお湯を沸かしていた。「お茶にしますか？」と彼は聞いた。イネスはうなずいて、窓の外を見た。遠くに小さな船が一隻、港へ帰っていくところだった。',
            '猫は日なたで丸くなっている。今日は補給船が来る木曜日だ。イネスは台帳を開いて、いつものように一行だけ書いた。「西の風。晴れ。よい朝。」',
          ),
        },
      ],
    },
    {
      title: 'Bread for the Keeper',
      summary:
        'A baker in Hollin Ford and a lighthouse keeper on Saltmarrow exchange letters by supply boat, mostly about bread, partly about everything else.',
      notes: 'A small crossover between my two favourite places. Told in letters.',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [LIGHT, FANDOMS.bakery],
      relationships: ['Ines Calloway & Maud Penhallow'],
      characters: ['Ines Calloway', 'Maud Penhallow', 'Bram Ostrander'],
      freeforms: ['Crossover', 'Epistolary', 'Baking', 'Friendship', 'Pen Pals'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            '<strong>Hollin Ford, the first of March.</strong> Dear Keeper, the captain of your supply boat tells me you have been living on ship biscuits and optimism. I am sending a sourdough loaf, wrapped in two cloths and a prayer. If it arrives stale, toast it. If it arrives soggy, I apologise to the sea. Yours, M. Penhallow, baker.',
            '<strong>Saltmarrow Light, the eighth of March.</strong> Dear Baker, it arrived perfect. The cat tried to steal the heel. I have enclosed a jar of the seaweed salt Old Marit taught me to make; it is good on bread and, I am told, on almost everything else. Could you tell me why my own bread never rises? Yours, I. Calloway.',
            '<strong>Hollin Ford, the fifteenth of March.</strong> Dear Keeper, it is the cold. Your kitchen sits on a rock in the sea. Put the dough on the shelf above the stove and cover it with a tea towel, and have patience, which I suspect you have more of than most people. The salt is wonderful. Half the town is asking for it.',
            '<strong>Saltmarrow Light, the twenty-second of March.</strong> Dear Baker, it rose. It rose so well that it pushed the tea towel off. I sat and watched it like it was a sunrise. Bram says I should tell you that he would like to be paid in bread for carrying all these letters. I have told him that is between the two of you.',
          ),
        },
      ],
    },
    {
      title: 'Lamp-Room Notes',
      summary: 'Unfinished. Notes towards a story about the night the lamp would not light.',
      draft: true,
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [LIGHT],
      characters: ['Ines Calloway', 'Old Marit'],
      freeforms: ['Draft'],
      chapters: [
        {
          body: html(
            'Notes to self: the night the lamp would not light. Marit comes back to the rock for the first time since she retired. Ines pretends she does not need help. She does.',
            'Open with the matches. Close with the ledger. Something about the sound the lamp makes when it finally catches, like a breath let out.',
          ),
        },
      ],
    },
  ],
};
