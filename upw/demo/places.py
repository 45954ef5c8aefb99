"""Real places for the demo regions: probation delivery units, their towns and postcode districts.

The districts, their towns and their centroids come from a public table of UK postcode districts
(each chosen district has hundreds of active postcodes). They are copied here so that the product
never reads that table at run time. Town names are the table's first place name, tidied where the
table names a corner of a town rather than the town itself.
"""

from typing import NamedTuple


class District(NamedTuple):
    code: str  # the outward code, e.g. "NE1"
    town: str
    latitude: float
    longitude: float
    pdu: str  # ProbationDeliveryUnit.code
    active_postcodes: int  # used as a rough weight for where people live
    coastal: bool


class PDU(NamedTuple):
    code: str
    name: str
    region: str  # Region.code
    office_name: str
    office_district: str
    courts: tuple[str, ...]


REGIONS: dict[str, str] = {"north-east": "North East", "wales": "Wales"}

PDUS: tuple[PDU, ...] = (
    PDU(
        "newcastle",
        "Newcastle",
        "north-east",
        "Newcastle probation office",
        "NE1",
        ("Newcastle Magistrates' Court", "Newcastle Crown Court"),
    ),
    PDU(
        "gateshead-south-tyneside",
        "Gateshead and South Tyneside",
        "north-east",
        "South Shields probation office",
        "NE33",
        ("Gateshead Magistrates' Court", "South Tyneside Magistrates' Court"),
    ),
    PDU(
        "sunderland",
        "Sunderland",
        "north-east",
        "Sunderland probation office",
        "SR1",
        ("Sunderland Magistrates' Court", "Newcastle Crown Court"),
    ),
    PDU(
        "county-durham-darlington",
        "County Durham and Darlington",
        "north-east",
        "Durham probation office",
        "DH1",
        ("Newton Aycliffe Magistrates' Court", "Peterlee Magistrates' Court", "Durham Crown Court"),
    ),
    PDU(
        "northumberland-north-tyneside",
        "Northumberland and North Tyneside",
        "north-east",
        "North Shields probation office",
        "NE29",
        ("North Tyneside Magistrates' Court", "South East Northumberland Magistrates' Court"),
    ),
    PDU(
        "teesside",
        "Teesside",
        "north-east",
        "Middlesbrough probation office",
        "TS1",
        ("Teesside Magistrates' Court", "Teesside Crown Court"),
    ),
    PDU(
        "cardiff-vale",
        "Cardiff and the Vale",
        "wales",
        "Cardiff probation office",
        "CF10",
        ("Cardiff Magistrates' Court", "Cardiff Crown Court", "Vale of Glamorgan Magistrates' Court"),
    ),
    PDU(
        "swansea-neath-port-talbot",
        "Swansea, Neath Port Talbot",
        "wales",
        "Swansea probation office",
        "SA1",
        ("Swansea Magistrates' Court", "Swansea Crown Court"),
    ),
    PDU(
        "gwent",
        "Gwent",
        "wales",
        "Newport probation office",
        "NP20",
        ("Newport Magistrates' Court", "Newport Crown Court"),
    ),
    PDU(
        "north-wales",
        "North Wales",
        "wales",
        "Bangor probation office",
        "LL57",
        ("Llandudno Magistrates' Court", "Wrexham Magistrates' Court", "Mold Crown Court"),
    ),
)

DISTRICTS: tuple[District, ...] = (
    District("NE1", "Newcastle city centre", 54.9725, -1.61305, "newcastle", 537, False),
    District("NE2", "Jesmond", 54.9864, -1.60639, "newcastle", 500, False),
    District("NE3", "Gosforth", 55.0099, -1.63353, "newcastle", 1205, False),
    District("NE4", "Fenham", 54.9728, -1.64389, "newcastle", 768, False),
    District("NE5", "Westerhope", 54.9955, -1.6886, "newcastle", 1076, False),
    District("NE6", "Walker", 54.9772, -1.56729, "newcastle", 1037, False),
    District("NE7", "Heaton", 54.9973, -1.57972, "newcastle", 288, False),
    District("NE13", "Wideopen", 55.0427, -1.64691, "newcastle", 350, False),
    District("NE15", "Lemington", 54.9831, -1.71882, "newcastle", 839, False),
    District("NE8", "Gateshead", 54.9563, -1.60505, "gateshead-south-tyneside", 744, False),
    District("NE9", "Low Fell", 54.9316, -1.58731, "gateshead-south-tyneside", 825, False),
    District("NE10", "Felling", 54.9484, -1.55688, "gateshead-south-tyneside", 744, False),
    District("NE11", "Dunston", 54.9401, -1.6317, "gateshead-south-tyneside", 487, False),
    District("NE16", "Whickham", 54.935, -1.69337, "gateshead-south-tyneside", 740, False),
    District("NE21", "Blaydon", 54.9588, -1.71987, "gateshead-south-tyneside", 536, False),
    District("NE31", "Hebburn", 54.9721, -1.51281, "gateshead-south-tyneside", 463, False),
    District("NE32", "Jarrow", 54.9693, -1.48424, "gateshead-south-tyneside", 692, False),
    District("NE33", "South Shields", 54.9919, -1.43125, "gateshead-south-tyneside", 785, True),
    District("NE34", "Harton", 54.9728, -1.4231, "gateshead-south-tyneside", 1048, True),
    District("NE35", "Boldon Colliery", 54.9528, -1.46269, "gateshead-south-tyneside", 129, False),
    District("NE36", "East Boldon", 54.9465, -1.44201, "gateshead-south-tyneside", 211, False),
    District("NE39", "Rowlands Gill", 54.9258, -1.75795, "gateshead-south-tyneside", 308, False),
    District("NE40", "Ryton", 54.966, -1.77038, "gateshead-south-tyneside", 498, False),
    District("SR1", "Sunderland city centre", 54.9068, -1.38175, "sunderland", 312, False),
    District("SR2", "Ryhope", 54.8891, -1.37885, "sunderland", 817, True),
    District("SR3", "Doxford Park", 54.878, -1.4165, "sunderland", 871, False),
    District("SR4", "Pallion", 54.9015, -1.42479, "sunderland", 946, False),
    District("SR5", "Southwick", 54.9219, -1.42219, "sunderland", 1025, False),
    District("SR6", "Roker", 54.9338, -1.38083, "sunderland", 736, True),
    District("SR7", "Seaham", 54.8308, -1.36078, "sunderland", 839, True),
    District("NE37", "Usworth", 54.9116, -1.52823, "sunderland", 537, False),
    District("NE38", "Washington", 54.8951, -1.52612, "sunderland", 654, False),
    District("DH4", "Houghton-le-Spring", 54.8531, -1.49067, "sunderland", 860, False),
    District("DH5", "Houghton-le-Spring", 54.8246, -1.45588, "sunderland", 503, False),
    District("DH1", "Durham", 54.7824, -1.56302, "county-durham-darlington", 1281, False),
    District("DH2", "Chester-le-Street", 54.8598, -1.59804, "county-durham-darlington", 690, False),
    District("DH3", "Chester-le-Street", 54.8702, -1.56942, "county-durham-darlington", 765, False),
    District("DH6", "Coxhoe", 54.7538, -1.46474, "county-durham-darlington", 990, False),
    District("DH7", "Brandon", 54.7897, -1.66184, "county-durham-darlington", 1221, False),
    District("DH8", "Consett", 54.8533, -1.83344, "county-durham-darlington", 1304, False),
    District("DH9", "Dipton", 54.8678, -1.71091, "county-durham-darlington", 1184, False),
    District("DL1", "Darlington East", 54.5285, -1.54077, "county-durham-darlington", 1283, False),
    District("DL3", "Darlington West", 54.5312, -1.56904, "county-durham-darlington", 1158, False),
    District("DL4", "Shildon", 54.6309, -1.64604, "county-durham-darlington", 295, False),
    District("DL5", "Newton Aycliffe", 54.6162, -1.57698, "county-durham-darlington", 797, False),
    District("DL14", "Bishop Auckland", 54.6533, -1.69042, "county-durham-darlington", 1153, False),
    District("DL15", "Crook", 54.7096, -1.72935, "county-durham-darlington", 690, False),
    District("DL16", "Spennymoor", 54.6991, -1.60432, "county-durham-darlington", 560, False),
    District("DL17", "Ferryhill", 54.6813, -1.54294, "county-durham-darlington", 523, False),
    District("SR8", "Easington", 54.7666, -1.33651, "county-durham-darlington", 1003, True),
    District("NE12", "Killingworth", 55.0257, -1.56997, "northumberland-north-tyneside", 846, False),
    District("NE20", "Ponteland", 55.0521, -1.78007, "northumberland-north-tyneside", 412, False),
    District("NE22", "Bedlington", 55.1374, -1.58333, "northumberland-north-tyneside", 493, False),
    District("NE23", "Cramlington", 55.0838, -1.58432, "northumberland-north-tyneside", 970, False),
    District("NE24", "Blyth", 55.1232, -1.52121, "northumberland-north-tyneside", 991, True),
    District("NE25", "Monkseaton", 55.0485, -1.48757, "northumberland-north-tyneside", 649, False),
    District("NE26", "Whitley Bay", 55.0484, -1.46037, "northumberland-north-tyneside", 550, True),
    District("NE27", "Shiremoor", 55.031, -1.51032, "northumberland-north-tyneside", 290, False),
    District("NE28", "Wallsend", 55.0002, -1.51907, "northumberland-north-tyneside", 997, False),
    District("NE29", "North Shields", 55.0117, -1.46897, "northumberland-north-tyneside", 935, False),
    District("NE30", "Tynemouth", 55.0197, -1.44291, "northumberland-north-tyneside", 641, True),
    District("NE46", "Hexham", 54.9778, -2.10492, "northumberland-north-tyneside", 830, False),
    District("NE61", "Morpeth", 55.1788, -1.68716, "northumberland-north-tyneside", 1391, False),
    District("NE62", "Stakeford", 55.1613, -1.59282, "northumberland-north-tyneside", 275, False),
    District("NE63", "Ashington", 55.1774, -1.56238, "northumberland-north-tyneside", 717, False),
    District("NE65", "Amble", 55.3105, -1.74541, "northumberland-north-tyneside", 995, True),
    District("NE66", "Alnwick", 55.427, -1.72841, "northumberland-north-tyneside", 969, True),
    District("TS1", "Middlesbrough", 54.573, -1.23952, "teesside", 643, False),
    District("TS3", "North Ormesby", 54.5619, -1.19863, "teesside", 875, False),
    District("TS4", "Middlesbrough (Grove Hill)", 54.5572, -1.22381, "teesside", 477, False),
    District("TS5", "Acklam", 54.5523, -1.25194, "teesside", 994, False),
    District("TS6", "Eston", 54.5675, -1.15607, "teesside", 882, False),
    District("TS7", "Marton", 54.5334, -1.18712, "teesside", 564, False),
    District("TS8", "Coulby Newham", 54.5216, -1.23106, "teesside", 344, False),
    District("TS10", "Redcar", 54.606, -1.07199, "teesside", 1053, True),
    District("TS11", "Marske-by-the-Sea", 54.588, -1.03395, "teesside", 353, True),
    District("TS14", "Guisborough", 54.5322, -1.06143, "teesside", 492, False),
    District("TS17", "Thornaby", 54.5394, -1.30452, "teesside", 1010, False),
    District("TS18", "Stockton-on-Tees", 54.5624, -1.32207, "teesside", 889, False),
    District("TS19", "Stockton (Roseworth)", 54.5762, -1.33937, "teesside", 1062, False),
    District("TS20", "Norton", 54.5856, -1.3145, "teesside", 509, False),
    District("TS23", "Billingham", 54.6066, -1.28699, "teesside", 778, False),
    District("TS24", "Hartlepool", 54.6938, -1.21057, "teesside", 725, True),
    District("TS25", "Seaton Carew", 54.6634, -1.22424, "teesside", 1039, True),
    District("TS26", "Hartlepool", 54.6883, -1.23031, "teesside", 631, False),
    District("CF3", "Rumney", 51.5178, -3.11873, "cardiff-vale", 872, False),
    District("CF5", "Ely", 51.483, -3.24125, "cardiff-vale", 1410, False),
    District("CF10", "Cardiff city centre", 51.4736, -3.17738, "cardiff-vale", 707, False),
    District("CF11", "Canton", 51.4709, -3.19229, "cardiff-vale", 890, False),
    District("CF14", "Whitchurch", 51.5202, -3.20268, "cardiff-vale", 1698, False),
    District("CF23", "Llanishen", 51.5139, -3.14559, "cardiff-vale", 928, False),
    District("CF24", "Cathays", 51.4847, -3.1664, "cardiff-vale", 1070, False),
    District("CF62", "Barry", 51.4047, -3.30838, "cardiff-vale", 831, True),
    District("CF63", "Barry", 51.4109, -3.25987, "cardiff-vale", 473, False),
    District("CF64", "Penarth", 51.4344, -3.18804, "cardiff-vale", 897, True),
    District("SA1", "Swansea (St Thomas)", 51.6288, -3.93914, "swansea-neath-port-talbot", 1361, True),
    District("SA2", "Swansea (Uplands)", 51.6216, -3.99088, "swansea-neath-port-talbot", 774, True),
    District("SA5", "Swansea (Townhill)", 51.6487, -3.96897, "swansea-neath-port-talbot", 748, False),
    District("SA6", "Morriston", 51.6748, -3.92146, "swansea-neath-port-talbot", 764, False),
    District("SA7", "Llansamlet", 51.663, -3.89432, "swansea-neath-port-talbot", 350, False),
    District("SA10", "Neath", 51.6865, -3.80067, "swansea-neath-port-talbot", 774, False),
    District("SA11", "Neath (Briton Ferry)", 51.674, -3.7656, "swansea-neath-port-talbot", 980, False),
    District("SA12", "Port Talbot", 51.6074, -3.79489, "swansea-neath-port-talbot", 772, True),
    District("SA13", "Port Talbot (Taibach)", 51.6044, -3.73672, "swansea-neath-port-talbot", 586, False),
    District("NP4", "Pontypool", 51.6926, -3.0396, "gwent", 1358, False),
    District("NP10", "Rogerstone", 51.5802, -3.04267, "gwent", 546, False),
    District("NP11", "Risca", 51.644, -3.13152, "gwent", 899, False),
    District("NP12", "Blackwood", 51.6687, -3.19788, "gwent", 873, False),
    District("NP13", "Abertillery", 51.7353, -3.14124, "gwent", 553, False),
    District("NP18", "Caerleon", 51.6048, -2.94327, "gwent", 463, False),
    District("NP19", "Newport (St Julians)", 51.5877, -2.9629, "gwent", 1042, False),
    District("NP20", "Newport", 51.5905, -3.00503, "gwent", 1333, False),
    District("NP23", "Ebbw Vale", 51.7846, -3.19781, "gwent", 874, False),
    District("NP44", "Cwmbran", 51.6512, -3.02773, "gwent", 1210, False),
    District("LL11", "Wrexham", 53.0594, -3.02811, "north-wales", 1291, False),
    District("LL12", "Wrexham", 53.0857, -2.99025, "north-wales", 868, False),
    District("LL13", "Wrexham", 53.0365, -2.96356, "north-wales", 1024, False),
    District("LL18", "Rhyl", 53.3118, -3.47774, "north-wales", 1221, True),
    District("LL19", "Prestatyn", 53.3315, -3.4104, "north-wales", 595, True),
    District("LL28", "Colwyn Bay", 53.289, -3.75903, "north-wales", 443, True),
    District("LL29", "Colwyn Bay", 53.2906, -3.71216, "north-wales", 620, True),
    District("LL30", "Llandudno", 53.3175, -3.81767, "north-wales", 686, True),
    District("LL55", "Caernarfon", 53.1342, -4.21147, "north-wales", 734, False),
    District("LL57", "Bangor", 53.2099, -4.1159, "north-wales", 887, False),
    District("LL65", "Holyhead", 53.301, -4.57453, "north-wales", 898, True),
)

PDU_BY_CODE: dict[str, PDU] = {pdu.code: pdu for pdu in PDUS}
DISTRICT_BY_CODE: dict[str, District] = {district.code: district for district in DISTRICTS}


def pdus_of(region_code: str) -> list[PDU]:
    return [pdu for pdu in PDUS if pdu.region == region_code]


def districts_of(pdu_code: str) -> list[District]:
    return [district for district in DISTRICTS if district.pdu == pdu_code]
