"""What the parts of the demo share: the names and streets they draw from, and two small helpers."""

import datetime as dt
import random

from django.utils import timezone

MALE_FIRST = (
    "James", "John", "Michael", "David", "Daniel", "Paul", "Mark", "Craig", "Lee", "Jamie", "Ryan", "Liam",
    "Connor", "Callum", "Kyle", "Dean", "Gary", "Stephen", "Anthony", "Christopher", "Thomas", "Matthew", "Adam",
    "Jordan", "Scott", "Shaun", "Wayne", "Darren", "Nathan", "Joseph", "Andrew", "Robert", "Kevin", "Jason",
    "Sean", "Jack", "Harry", "Lewis", "Kieran", "Bradley", "Mohammed", "Tomasz",
)  # fmt: skip
FEMALE_FIRST = (
    "Sarah", "Emma", "Laura", "Gemma", "Rebecca", "Amy", "Jessica", "Lauren", "Hannah", "Stacey", "Kelly",
    "Nicola", "Michelle", "Claire", "Louise", "Rachel", "Danielle", "Chloe", "Megan", "Sophie", "Jade", "Leanne",
    "Katie", "Natalie", "Zoe", "Donna", "Tracey", "Aisha",
)  # fmt: skip
NONBINARY_FIRST = ("Alex", "Sam", "Charlie", "Jordan", "Robin", "Jess")
REGIONAL_FIRST = {
    "wales": {
        "male": ("Rhys", "Dylan", "Gareth", "Owen", "Dafydd", "Ieuan", "Aled", "Huw", "Gethin", "Rhodri"),
        "female": ("Bethan", "Cerys", "Ffion", "Sian", "Rhiannon", "Nia", "Catrin", "Seren"),
    },
    "north-east": {
        "male": ("Geordie", "Alan", "Brian", "Keith", "Ross", "Stuart"),
        "female": ("Jodie", "Kirsty", "Lindsay", "Joanne"),
    },
}
LAST_NAMES = {
    "north-east": (
        "Smith", "Robson", "Armstrong", "Charlton", "Elliott", "Milburn", "Bell", "Brown", "Taylor", "Wilson",
        "Thompson", "Walker", "Young", "Scott", "Hall", "Wood", "Graham", "Dixon", "Hutchinson", "Johnson",
        "Davison", "Carr", "Pattinson", "Storey", "Turnbull", "Nicholson", "Ridley", "Fenwick", "Hedley", "Wright",
        "Clark", "Harrison", "Jackson", "White", "Anderson", "Green", "Reed", "Stoddart", "Kerr", "Gibson",
        "Ali", "Khan", "Hussain", "Patel", "Nowak", "Tait", "Forster", "Hogg", "Robinson", "Atkinson",
    ),
    "wales": (
        "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Lewis", "Hughes", "Morgan", "Griffiths",
        "Edwards", "Owen", "Price", "Rees", "Jenkins", "Powell", "Phillips", "Parry", "Lloyd", "Pritchard",
        "Morris", "James", "Watkins", "Harris", "Bowen", "Pugh", "Vaughan", "Howells", "Smith", "Ahmed",
    ),
}  # fmt: skip
STREETS = (
    "High Street", "Station Road", "Front Street", "Church Street", "Victoria Road", "Park Avenue", "Chapel Street",
    "Mill Lane", "Queen Street", "North Road", "West Terrace", "Albert Road", "Castle View", "Back Lane",
    "The Crescent",
)  # fmt: skip


def aware(date: dt.date, t: dt.time) -> dt.datetime:
    return dt.datetime.combine(date, t, tzinfo=timezone.get_default_timezone())


def weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]
