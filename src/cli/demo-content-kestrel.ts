import { FANDOMS, html, markdown, type DemoAuthor } from './demo-content-shared.js';

// kestrel_orbit writes about Galley Orbit, a cooking show broadcast live from a space station: a complete
// multi-chapter work, one in progress, an Explicit placeholder, and a series (created up front) of one-shots.

const GALLEY = FANDOMS.galley;
const RECIPES = 'recipes';

export const kestrel: DemoAuthor = {
  username: 'kestrel_orbit',
  email: 'kestrel_orbit@example.org',
  series: [
    {
      key: RECIPES,
      title: 'Recipes From Ring Four',
      summary: 'Standalone recipes and kitchen mishaps from the Galley Orbit set. Read in any order.',
      notes: 'New parts whenever something floats away.',
      complete: false,
    },
  ],
  works: [
    {
      title: 'Live From Ring Four',
      summary:
        'Fifty episodes of the only cooking show broadcast from orbit, told in four of them. Rice escapes, an inspector visits, the lights go out, and the producer finally steps in front of the camera.',
      notes: 'Complete in four chapters.',
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [GALLEY],
      relationships: ['Dov Anselm/Yusra Kell', 'Dov Anselm & LADLE'],
      characters: ['Dov Anselm', 'Yusra Kell', 'LADLE', 'Ottilie Brask'],
      freeforms: ['Space Station', 'Cooking Shows', 'Slow Burn', 'Workplace Romance', 'Humor'],
      expected_chapters: 4,
      chapters: [
        {
          title: 'Episode 1: Pilot',
          summary: 'The first live broadcast. The rice has other plans.',
          body: html(
            'The light above the camera turned red, and Dov Anselm, who had cooked for admirals and once for a very small king, forgot every word he had rehearsed.',
            '"Good evening," he said eventually, "from Ring Four of the Meridian Halo station, three hundred kilometres above somewhere. Tonight we are making rice."',
            'Behind the camera, the producer, Yusra Kell, gave him a thumbs up that meant <em>keep going</em> and an expression that meant <em>why rice</em>.',
            'The rice was fine until he lifted the lid. Then a warm, fragrant cloud of it drifted gently up out of the pot, past his ear, past the camera, and towards the air vent, glittering in the studio lights like a very slow snowfall.',
            '"This," said Dov, without missing a beat, "is why we always use the clamp lid."',
            'The clip was watched four million times by morning. The station commander sent a memo about the air vent. Galley Orbit was renewed for a full season.',
          ),
        },
        {
          title: 'Episode 12: The Inspector',
          summary: 'Commander Brask comes to taste the soup.',
          body: html(
            'Commander Ottilie Brask had eaten nothing but nutrient paste for eleven years and was proud of it. When she announced she would be a guest taster, the crew on Ring Four began making quiet bets.',
            'Dov made a broth. Nothing clever: bones roasted in the little convection oven, vegetables from the hydroponics bay, a handful of barley, salt, time.',
            'The commander took one sip through the pouch straw. Then a second. Then she set the pouch down on the magnetic counter and looked at it for a long moment.',
            '"My grandmother made this," she said, in a voice no one on the station had heard her use before. "Or something like it."',
            'Yusra cut to a wide shot, so that nobody watching would see the commander\'s face, and later told no one that she had done it on purpose.',
          ),
        },
        {
          title: 'Episode 30: Blackout',
          summary: 'The power goes out mid-broadcast. The show goes on.',
          notes: 'My favourite chapter to write.',
          body: html(
            'The power failed at minute nine, in the middle of a caramel. The studio lights died, the induction hob died, and the emergency lamps came up a dim and unflattering orange.',
            '"We are still live," said Yusra in his earpiece. "Battery feed. Talk."',
            'So Dov talked. He talked about the first kitchen he ever worked in, which was so small two cooks could not turn around at once. He talked about his father\'s bread. He finished the caramel with a kitchen torch and a great deal of luck, and when it set, he held it up to the camera, amber in the orange light, and it was the most beautiful thing the show had ever made.',
            'When the power came back, forty minutes later, the audience numbers were the highest they had ever been. Yusra stepped out from behind the camera and said, "Do that again," and he said, "Only if you cut the power yourself," and they both laughed a little too long.',
          ),
        },
        {
          title: 'Episode 50: Live Finale',
          summary: 'Two chairs at the counter.',
          end_notes: 'Thank you for watching. Galley Orbit will return.',
          body: html(
            'For the fiftieth episode, Dov asked LADLE to set two places at the counter instead of one.',
            '"Who is the guest?" the galley computer asked.',
            '"The person who has been behind the camera for forty-nine episodes," said Dov, "and who knows every recipe better than I do, because she has watched me get them all wrong."',
            'Yusra protested. Yusra was overruled by the entire crew of Ring Four, the commander, and a petition from viewers on three planets. When the red light came on she sat down next to him, stiffly, and then not stiffly at all.',
            'They made dumplings. Hers were neater. Nobody was surprised.',
          ),
        },
      ],
    },
    {
      title: 'Zero-G Soufflé',
      summary: 'A recipe card, a warning, and one successful soufflé in orbit. Maybe.',
      notes: 'Written as the recipe card from the show. Part of "Recipes From Ring Four".',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [GALLEY],
      relationships: ['Dov Anselm & LADLE'],
      characters: ['Dov Anselm', 'LADLE'],
      freeforms: ['Recipes', 'Space Station', 'Fluff', 'Formatting'],
      expected_chapters: 1,
      series: { join: RECIPES },
      chapters: [
        {
          format: 'markdown',
          body: markdown(
            '*As attempted on Galley Orbit, episode 23.*',
            '',
            '## Ingredients',
            '',
            '| Ingredient | Amount | Notes |',
            '| --- | --- | --- |',
            '| Eggs | 4 | Separated, which is harder than it sounds in orbit |',
            '| Hard cheese | 60 g | Grated into a sealed bag |',
            '| Butter | 30 g | Plus extra for the mould |',
            '| Flour | 30 g | Keep the lid **closed** |',
            '| Milk | 250 ml | From a pouch |',
            '',
            '## Method',
            '',
            '1. Make a thick sauce from the butter, flour and milk. Stir constantly; there is no gravity to help.',
            '2. Beat in the yolks and the cheese.',
            '3. Whisk the whites inside a sealed bowl until stiff. *Do not open the bowl.*',
            '4. Fold everything together and bake in the pressurised oven at 190 °C for 20 minutes.',
            '',
            '## What LADLE said',
            '',
            '> Without gravity, a soufflé does not rise. It simply becomes larger in every direction at once.',
            '',
            'It did. It was spherical, golden, and delicious, and it is still the only soufflé on record that had to be *caught*.',
          ),
        },
      ],
    },
    {
      title: 'LADLE Learns to Taste',
      summary: 'The galley computer has read every cookbook ever written. It would like to know what any of it means.',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [GALLEY],
      relationships: ['Dov Anselm & LADLE'],
      characters: ['LADLE', 'Dov Anselm'],
      freeforms: ['Artificial Intelligence', 'Fluff', 'Friendship', 'Recipes'],
      expected_chapters: 1,
      series: { join: RECIPES },
      chapters: [
        {
          body: html(
            '"Describe salt," said LADLE.',
            'Dov, who was scrubbing a pan, considered this. "It makes things taste more like themselves."',
            '"That is circular."',
            '"Most good answers are."',
            'The galley computer had sensors for temperature, humidity, acidity and sugar content. It could tell when bread was proved and when milk was about to turn. It could not, it explained, tell why anyone would want to eat a lemon.',
            'So Dov began to describe things. Not recipes; LADLE had all of those. He described the way the first spoonful of soup makes your shoulders drop. The way toast sounds. The particular happiness of the crispy bit at the corner of the tray, which every cook steals and no cook admits to stealing.',
            'LADLE listened, and recorded, and asked questions. After a month it announced that it had built a model of taste. It was incomplete, it said, and probably wrong, but it now reserved the corner piece of every tray for Dov without being asked, and that seemed to be the point.',
          ),
        },
      ],
    },
    {
      title: 'After the Cameras Stop',
      summary: 'The studio lights are off, the set is quiet, and Dov and Yusra are finally off the clock. A placeholder for an Explicit work.',
      notes: 'Demo content: this work shows how an Explicit rating looks. The text is placeholder prose.',
      rating: 'Explicit',
      warnings: ['Creator Chose Not To Use Archive Warnings'],
      fandoms: [GALLEY],
      relationships: ['Dov Anselm/Yusra Kell'],
      characters: ['Dov Anselm', 'Yusra Kell'],
      freeforms: ['Placeholder Text', 'Established Relationship', 'Space Station'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            'This placeholder stands in for explicit content.',
            'After the last broadcast of the season, Ring Four was very quiet. The studio lights cooled with small ticking sounds. Through the long window, the planet turned slowly below, blue and white and enormous.',
            'Yusra switched off the camera for the last time that year and did not switch it back on. What followed is not written here. Later, LADLE dimmed the galley lights without being asked and made a note to order more tea.',
          ),
        },
      ],
    },
    {
      title: 'Station Time',
      summary:
        'The supply ship is six days late, and Dov bets the commander he can feed the whole ring from the emergency pantry without anyone complaining. Everyone complains.',
      notes: 'Six chapters planned, one per day. Posting as I go.',
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [GALLEY],
      relationships: ['Dov Anselm/Yusra Kell', 'Yusra Kell & Ottilie Brask'],
      characters: ['Dov Anselm', 'Yusra Kell', 'Ottilie Brask', 'LADLE'],
      freeforms: ['Space Station', 'Cooking Challenges', 'Ensemble', 'Work In Progress'],
      expected_chapters: 6,
      chapters: [
        {
          title: 'Day One: The Inventory',
          body: html(
            'The emergency pantry on Ring Four contained, according to LADLE\'s inventory: two hundred tins of white beans, ninety tins of tomatoes, forty kilos of rice (clamp lids fitted), a crate of dried apricots, one jar of paprika, and an unlabelled drum that nobody wanted to open.',
            '"Six days," said Commander Brask. "Sixty crew. No complaints."',
            '"No complaints," Dov agreed, and shook her hand.',
            'Yusra, who had heard the whole thing from the doorway, quietly started a tally sheet on the galley wall. By dinner it already had four marks on it.',
          ),
        },
        {
          title: 'Day Two: Beans, Reconsidered',
          summary: 'Dov discovers how many things can be done to a white bean.',
          body: html(
            'Breakfast was beans on rice. Lunch was rice with beans. Dinner, Dov announced, would be something entirely different, and it was: a smoky bean stew with paprika and apricots that made the night shift come back for seconds.',
            'The tally sheet reached eleven marks by noon and then stopped growing. Yusra studied it with narrowed eyes. "You are bribing them."',
            '"I am feeding them," said Dov. "It is the same thing, but with more paprika."',
            'That night, LADLE reported that the unlabelled drum had begun, very faintly, to hum.',
          ),
        },
      ],
    },
  ],
};
