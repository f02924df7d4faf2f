"""The demo's words: staff, names, goals, plans and the notes people write, all our own."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "tandem-demo"
DEMO_SLUG = "demo"
OTHER_SLUG = "other"
SEED = 20261123

DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin@example.org", "practice admin, Harbour Lane Therapy"),
    ("therapist@example.org", "therapist with a full caseload"),
    ("therapist2@example.org", "therapist"),
    ("supervisor@example.org", "supervisor of both therapists above"),
    ("client@example.org", "client of therapist@example.org"),
    ("client-es@example.org", "client who chose Spanish, with feedback due"),
    ("former-client@example.org", "former client with a follow-up check-in waiting"),
    ("other-therapist@example.org", "therapist at Other Practice (sees nothing of Harbour Lane)"),
    ("other-client@example.org", "client at Other Practice"),
]

# Who works at Harbour Lane: (email, name, flags).
STAFF = [
    ("admin@example.org", "Morgan Hale", {"is_practice_admin": True}),
    ("therapist@example.org", "Priya Raman", {"is_therapist": True}),
    ("therapist2@example.org", "Tomás Ferreira", {"is_therapist": True}),
    ("therapist3@example.org", "Aisha Mensah", {"is_therapist": True}),
    ("therapist4@example.org", "Daniel Kowalski", {"is_therapist": True}),
    ("supervisor@example.org", "Helen Osei", {"is_supervisor": True}),
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _fields(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in _lines(text)]


# The words in the demo are ours, written for it; chosen from at random, so they vary.
FIRST_NAMES = [
    name
    for line in _lines("""
    Ada Ben Chloe Dev Emeka Fatima Grace Hiro Isla Jamal Kasia Liam Mei Nadia Oisín Pablo Qin
    Rosa Samir Tara Uche Vera Wen Ximena Yusuf Zara Amara Bilal Carmen Dmitri Elif Finn Gabriela
    Hassan Ingrid Joon Kofi Leila Marek Noor Olu Rafael Saoirse Tomasz Anjali Bruno Cleo Darius
    Esme Farid Gwen Hana Ivan Jade Kiran Lucía Malik Nell Omari Pia Reza Sunita
""")
    for name in line.split()
]
INITIALS = "ABCDEFGHJKLMNPRSTVW"
GOALS = _lines("""
    Sleep through most nights again
    Go back to full days at work
    See friends without dreading it beforehand
    Worry less about my health
    Speak up in meetings
    Keep one evening a week just for me
    Understand why I shut down in arguments
    Drive on the motorway again
    Say no without feeling guilty for days
    Get back to running
    Manage panic on the train
    Grieve my mum without falling apart at work
    Check the locks once and leave
    Cook proper meals most days
    Open my post and deal with the bills
    Talk to my partner about what I need
    Stop putting off the job applications
    Feel at home in my own flat
""")
# title | what to do | how often
PLANS = _fields("""
    Evening walk | Ten minutes outside after work, phone in pocket. | most days
    Thought record | When mood dips, note the situation, the thought and another way to see it. | when it happens
    Slow breathing | Five minutes of slow breathing before bed. | every evening
    One good thing | Plan one small thing you enjoy each day and notice how it feels. | daily
    Worry time | Keep worries for a fifteen-minute slot at six; write them down then. | daily
    Reaching out | Message or call one friend. | once a week
    Sleep window | The same wake-up time every day, weekends too. | daily
    Saying no | Notice one request you would rather decline and say no kindly. | a few times a week
    Grounding | Name five things you see, four you hear, three you can touch. | when anxious
    Three lines | Before bed: what happened, what I felt, what I did. | most days
""")
LOG_NOTES = _lines("""
    Went round the park. Felt clearer after.
    Did it, but my mind kept wandering.
    Easier than last week.
    Noticed the thought and let it pass.
    Raining, so I did it indoors.
    My partner joined me, which helped.
    Wrote three worries down; two looked smaller on paper.
    Only managed half, but I started.
    Felt silly at first, then calmer.
    Hard day. Still did it.
    Forgot until late, did a short version.
    Nice to have something that is mine.
""")
SKIPPED_NOTES = _lines("""
    Long day at work, didn't get to it.
    Felt too low to start.
    Away at my sister's.
    Just forgot.
""")
CLIENT_COMMENTS = _lines("""
    A bit more time at the end to plan the week.
    Could we start with how the practice went?
    I'd like to talk more about work next time.
    Maybe slow down a little with the exercises.
    Some concrete steps for the week, please.
    Nothing, this was really helpful.
    I'll bring my notes next time.
    Less about the past, more about now, if that's okay.
""")
RUPTURE_COMMENTS = _lines("""
    I felt rushed today and not really listened to.
    It felt like we followed a plan that isn't mine.
    We didn't get to what I came in with.
    I left feeling worse and I'm not sure why. Can we talk about it?
""")
MIRROR_COMMENTS = _lines("""
    Check in about the practice earlier.
    Ask what they want from the session at the start.
    Slow the pace.
    Leave more room for silence.
    Come back to what they raised at the end.
""")
LEARNED = _lines("""
    I noticed I was rushing to reassure. Slowing down let them find their own words.
    Held back from offering a technique and they came up with their own plan.
    Tired going in; naming it to myself helped me stay present.
    More directive than I meant to be. Ask before suggesting next time.
    Their anger at work stirred something in me. Worth taking to supervision.
    Learned how much the weekend routine matters to them.
    Let the silence sit longer than usual. It was useful.
    Caught myself wanting them to get better for my sake.
    We laughed together for the first time. Trust is growing.
    I realise I have been steering away from the topic of their father.
    Looking at the partnership scores together made the conversation easier.
    Less talking from me, more from them. It worked.
    I need to be clearer about the ending we are working towards.
    Felt hopeful with them today, and I think they noticed.
    Brought my own view on grief in too quickly.
    Good reminder that progress is not a straight line.
    Asked what they wanted from today; the session had more focus.
    I'm carrying this one home. Plan some time to decompress.
    They pushed back on my suggestion and they were right.
    Stayed with the difficult feeling instead of fixing it.
    Noticed my own impatience when they went over the same ground.
""")
RUPTURE_REFLECTION = (
    "Something went wrong between us today: they went quiet after my suggestion and I pressed "
    "on. Raise it gently next time."
)
REPAIR_REFLECTION = (
    "Asked about last session. They said they had felt rushed; I said I could see that and we "
    "agreed how to pace things. It felt like a turning point."
)
# For whose benefit (1 the client's, 2 mine, 3 not sure) | what was shared
DISCLOSURES = [
    (int(benefit), note)
    for benefit, note in _fields("""
    1 | Said I find the dark evenings hard too, briefly, to normalise it; came straight back to them.
    1 | Mentioned I use the same breathing exercise myself.
    1 | Told them I also had exam nerves once; they seemed relieved.
    2 | Talked about my own move abroad for longer than needed. More for me than for them.
    2 | The story about my dog was for me: I wanted them to like me.
    3 | Told them I'm a parent too. Not sure it helped.
    3 | Mentioned my own therapy. Unsure whose need that served.
""")
]
SELF_CARE_NOTES = _lines("""
    Swim on Saturday morning
    Lunch away from my desk twice
    No email after seven
    Call my sister
    An evening with no case notes
    Book supervision early
""")
_END_NOTES = _fields("""
    graduated | Met the goals we set; agreed a check-in in three months.
    graduated | Ready to carry on alone. The door stays open.
    graduated | Planned ending; spaced the last sessions out.
    mutual | We agreed this is a good place to stop for now.
    mutual | Ending by agreement; client will get in touch if needed.
    withdrew | Stopped attending; two messages unanswered.
    withdrew | Client emailed to say they would stop for now.
    referred | Referred on for more intensive support; handover call done.
    referred | Referred to the community team after discussion with the GP.
    other | Moved out of the area.
""")
END_NOTES = {reason: [n for r, n in _END_NOTES if r == reason] for reason, _ in _END_NOTES}
PAUSE_REQUEST_NOTE = "Money is tight this month. Could we pause for a few weeks?"
PAUSE_NOTE = "Away for work for a month; we agreed to pause and pick up on return."


@dataclass(frozen=True)
class ClientWords:
    """What a client and their therapist write together, in the client's language: goals,
    practice plans, the client's notes in their practice log, and their comments after a
    session. (The therapist's own notes stay in the therapist's language.)"""

    goals: list[str]
    plans: list[list[str]]
    log_notes: list[str]
    skipped_notes: list[str]
    comments: list[str]
    rupture_comments: list[str]


# For the demo's client who chose Spanish, written in Spanish (neutral, as the app's own words:
# docs/i18n.md), not translated from the English lists.
SPANISH_CLIENT_WORDS = ClientWords(
    goals=_lines("""
    Dormir bien la mayoría de las noches
    Volver a ver a mis amigos sin angustiarme antes
    Decir en el trabajo lo que necesito
    Tener una tarde a la semana solo para mí
    Preocuparme menos por la salud de mi madre
    Dejar de aplazar las cosas que me agobian
"""),
    plans=_fields("""
    Paseo al salir del trabajo | Diez minutos al aire libre, con el teléfono guardado. | casi todos los días
    Registro de pensamientos | Cuando baje el ánimo, anota qué pasaba, qué pensaste y otra forma de verlo. | cuando ocurra
    Respiración lenta | Cinco minutos de respiración lenta antes de dormir. | cada noche
    Una cosa buena | Planea cada día algo pequeño que te guste y fíjate en cómo te sientes. | a diario
    Un rato para preocuparse | Deja las preocupaciones para quince minutos a las seis y escríbelas entonces. | a diario
"""),
    log_notes=_lines("""
    Di una vuelta por el parque. Después tenía la cabeza más despejada.
    Lo hice, aunque me costó concentrarme.
    Más fácil que la semana pasada.
    Noté el pensamiento y lo dejé pasar.
    Llovía, así que lo hice en casa.
    Solo hice la mitad, pero empecé.
    Al principio me sentía rara; luego, más tranquila.
    Día difícil. Aun así lo hice.
    Escribí tres preocupaciones; dos parecían más pequeñas en el papel.
"""),
    skipped_notes=_lines("""
    Día largo en el trabajo, no me dio tiempo.
    Tenía el ánimo demasiado bajo para empezar.
    Se me olvidó.
    Estuve fuera, en casa de mi hermana.
"""),
    comments=_lines("""
    Un poco más de tiempo al final para planear la semana.
    ¿Podemos empezar por cómo fue la práctica?
    Me gustaría hablar más del trabajo la próxima vez.
    Quizá ir un poco más despacio con los ejercicios.
    Nada, me ayudó mucho.
    La próxima vez traigo mis notas.
"""),
    rupture_comments=_lines("""
    Hoy sentí que íbamos con prisa y que no me escuchabas del todo.
    No llegamos a hablar de lo que traía.
"""),
)
ENGLISH_CLIENT_WORDS = ClientWords(
    GOALS, PLANS, LOG_NOTES, SKIPPED_NOTES, CLIENT_COMMENTS, RUPTURE_COMMENTS
)
CLIENT_WORDS = {"es": SPANISH_CLIENT_WORDS}
