import { FANDOMS, html, markdown, type DemoAuthor } from './demo-content-shared.js';

// odile-marchand writes mostly in French (language `fr`) across three of the settings, plus one English
// bakery mystery in Markdown.

const BAKERY = FANDOMS.bakery;

export const odile: DemoAuthor = {
  username: 'odile-marchand',
  email: 'odile-marchand@example.org',
  works: [
    {
      title: 'La Farine et le Secret',
      summary:
        "À Hollin Ford, quelqu'un vole un peu de farine à la boulangerie chaque nuit. Maud Penhallow mène l'enquête, avec l'aide de son amie Gus et du gendarme Félix Arno.",
      notes: 'Une petite enquête en trois chapitres. Histoire terminée.',
      end_notes: "Merci d'avoir lu ! La recette du gâteau reste un secret.",
      language: 'fr',
      rating: 'Teen And Up Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [BAKERY],
      relationships: ['Maud Penhallow/Felix Arno', 'Maud Penhallow & Gus Thorne'],
      characters: ['Maud Penhallow', 'Felix Arno', 'Gus Thorne', 'Mr. Lindqvist'],
      freeforms: ['Cozy Mystery', 'Baking', 'Small Town', 'Grief', 'Happy Ending'],
      expected_chapters: 3,
      chapters: [
        {
          title: 'La farine disparue',
          body: html(
            'Le lundi, Maud Penhallow remarqua que le sac de farine était plus léger. Le mardi, elle en fut certaine. Le mercredi, elle posa une balance devant la porte de la réserve et nota le poids dans son carnet, comme une vraie détective.',
            '« Trois kilos, dit-elle à Gus Thorne le jeudi matin. Trois kilos chaque nuit. Qui a besoin de trois kilos de farine en pleine nuit ? »',
            "Gus, qui tenait le bureau de poste de l'autre côté de la place et savait tout sur tout le monde, réfléchit en trempant un croissant dans son café. « Quelqu'un qui fait beaucoup de pain, dit-elle. Ou quelqu'un qui a une très grosse souris. »",
            "Maud ne rit pas. La porte de la réserve était fermée à clé, et la seule autre clé était accrochée dans la cuisine, à côté de la pendule. Elle la regarda longtemps. La clé était exactement à sa place.",
          ),
        },
        {
          title: 'Des traces blanches',
          summary: 'Une nuit sans sommeil, et une piste sur les pavés.',
          body: html(
            'Le gendarme Félix Arno arriva à la boulangerie à sept heures, comme chaque matin, pour acheter deux baguettes et une tartelette qui était toujours, disait-il, pour sa mère.',
            "« Une affaire de farine ? dit-il en sortant son carnet. C'est sérieux. » Il ne souriait pas, mais ses yeux souriaient, et Maud décida de ne pas se vexer.",
            "Cette nuit-là, Maud ne dormit pas. Elle s'assit dans l'escalier, une couverture sur les épaules, et attendit. Vers deux heures, elle entendit la porte de derrière s'ouvrir doucement. Quand elle descendit avec sa lampe, il n'y avait plus personne : seulement une ligne de petites traces blanches sur les pavés, qui traversaient la place et disparaissaient vers la rue des Tilleuls.",
            "Au matin, Félix suivit les traces avec elle. Elles s'arrêtaient devant une petite maison bleue aux volets fermés, celle de monsieur Lindqvist, qui vivait seul depuis la mort de sa femme et qui n'achetait jamais de pain.",
          ),
        },
        {
          title: 'Le gâteau de la fête',
          summary: 'Monsieur Lindqvist ouvre sa porte.',
          body: html(
            "Monsieur Lindqvist ouvrit la porte en tablier. Il avait de la farine jusqu'aux coudes, et derrière lui, sur la table de la cuisine, il y avait des dizaines de gâteaux ratés : trop plats, trop secs, brûlés d'un côté.",
            "« Je voulais faire le gâteau de ma femme pour la fête du village, dit-il très doucement. Elle le faisait tous les ans. Je n'ai jamais su la recette, et j'avais honte de demander de l'aide. »",
            'Maud regarda Félix. Félix referma son carnet.',
            "Pendant une semaine, la boulangerie ferma une heure plus tôt. Maud et monsieur Lindqvist travaillèrent ensemble, essai après essai, jusqu'au soir où il goûta une part et ferma les yeux. « C'est celui-là », dit-il.",
            "Le jour de la fête, le gâteau fut le premier à disparaître. Personne ne parla jamais de la farine. Mais depuis, chaque lundi, monsieur Lindqvist achète une baguette, et il reste un peu pour parler.",
          ),
        },
      ],
    },
    {
      title: 'La dernière nuit de Marit',
      summary: 'Avant de quitter le phare de Saltmarrow, la vieille gardienne monte les marches une dernière fois.',
      language: 'fr',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [FANDOMS.lighthouse],
      characters: ['Old Marit'],
      freeforms: ['Lighthouses', 'Retirement', 'Bittersweet', 'Cats'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            'Marit avait gardé le phare de Saltmarrow pendant quarante ans. Demain, le bateau viendrait la chercher, et une jeune femme nommée Ines prendrait sa place.',
            "Ce soir-là, elle monta les cent douze marches une dernière fois. Elle les compta à voix haute, comme toujours. Elle alluma la lampe, nettoya les vitres et s'assit près de la fenêtre avec son registre.",
            "La mer était calme. Au loin, les lumières du village brillaient comme de petites étoiles tombées. Marit pensa à toutes les nuits de tempête, à tous les bateaux qu'elle n'avait jamais vus mais qui avaient vu sa lumière.",
            'Elle écrivit dans le registre : « Vent d\'ouest. Mer calme. Tout est en ordre. » Puis, après un moment, elle ajouta une ligne pour la nouvelle gardienne : « Parle à la mer. Elle écoute. »',
            "Au matin, quand le bateau arriva, le chat refusa de partir. Marit ne fut pas surprise. Elle lui dit au revoir, et elle ne se retourna qu'une seule fois.",
          ),
        },
      ],
    },
    {
      title: 'Une soupe en orbite',
      summary: "Un technicien de la station a le mal du pays. Dov Anselm n'a que douze petits poireaux et un après-midi.",
      language: 'fr',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [FANDOMS.galley],
      relationships: ['Dov Anselm & LADLE'],
      characters: ['Dov Anselm', 'LADLE', 'Pavel Orme'],
      freeforms: ['Space Station', 'Homesickness', 'Soup', 'Comfort Food'],
      expected_chapters: 1,
      chapters: [
        {
          body: html(
            "Pavel Orme travaillait sur l'anneau quatre depuis huit mois, et il avait le mal du pays. Pas de la Terre, expliqua-t-il à Dov : de la cuisine de sa grand-mère.",
            "« Elle faisait une soupe aux poireaux et aux pommes de terre, dit-il. Rien de spécial. Mais il n'y en a jamais au menu de la station. »",
            'Dov n\'avait pas de poireaux. La serre hydroponique en avait, mais ils étaient petits et un peu tristes. LADLE calcula qu\'il en faudrait douze pour une seule marmite.',
            '« Alors on en prendra douze », dit Dov.',
            "La soupe cuisit lentement, tout l'après-midi. L'odeur remplit l'anneau quatre, et plusieurs personnes vinrent demander ce qui se passait. Pavel goûta la première gorgée avec une paille, parce qu'en orbite on ne mange pas la soupe à la cuillère, et il ne dit rien pendant un long moment.",
            "« Ce n'est pas la même, dit-il enfin. Mais c'est presque. » Pour un cuisinier, pensa Dov, il n'y avait pas de plus beau compliment.",
          ),
        },
      ],
    },
    {
      title: 'Proofing Time',
      summary: "Maud Penhallow's notebook for one Saturday: the baking schedule, the orders, and the case of the vanishing cinnamon rolls.",
      notes: "Written in Markdown, as Maud's notebook.",
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [BAKERY],
      relationships: ['Maud Penhallow & Gus Thorne', 'Maud Penhallow/Felix Arno'],
      characters: ['Maud Penhallow', 'Gus Thorne', 'Felix Arno'],
      freeforms: ['Cozy Mystery', 'Baking', 'Lists', 'Humor', 'Fluff'],
      expected_chapters: 1,
      chapters: [
        {
          title: 'Saturday',
          format: 'markdown',
          body: markdown(
            '## Schedule',
            '',
            '- **4:00**: ovens on, sourdough out of the cold room',
            '- **4:30**: shape the baguettes (*forty*, because of the market)',
            '- **6:00**: cinnamon rolls in',
            '- **7:00**: open the door, look awake',
            '',
            '## Orders',
            '',
            '| For | What | Paid? |',
            '| --- | --- | --- |',
            '| The post office | 6 croissants | yes |',
            '| The school fête | 2 apple tarts | next week |',
            '| Constable Arno | 12 cinnamon rolls | *suspicious* |',
            '',
            '## The case of the vanishing cinnamon rolls',
            '',
            'By 7:15 there were **none left**. I baked thirty-six. I sold twelve to the constable, who does not, as far as I know, have twenty-four more friends.',
            '',
            'Suspects:',
            '',
            '1. Gus, who was "just passing" three times',
            '2. The constable, who bought a dozen and came back for more',
            '3. The Ferrier twins, on principle',
            '',
            '> "It is not a crime to like cinnamon, Maud." -- Gus, mouth full',
            '',
            '### Solved, 9:40',
            '',
            'The constable has been giving them to the night-shift drivers at the depot. All twenty-four. He asked me not to tell anyone. I am only writing it *here*.',
          ),
        },
      ],
    },
  ],
};
