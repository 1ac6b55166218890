-- Demo CFMS: a prosecution case schema in snake_case with real timestamps and numeric keys into its own code tables.
CREATE TABLE district (
    id   INTEGER     NOT NULL PRIMARY KEY,
    name VARCHAR(60) NOT NULL
);

CREATE TABLE police_station (
    id          INTEGER     NOT NULL PRIMARY KEY,
    district_id INTEGER     NOT NULL REFERENCES district (id),
    name        VARCHAR(80) NOT NULL
);

CREATE TABLE court (
    id          INTEGER      NOT NULL PRIMARY KEY,
    district_id INTEGER      REFERENCES district (id),
    name        VARCHAR(120) NOT NULL,
    court_type  VARCHAR(20)
);

CREATE TABLE offence_section (
    id             INTEGER      NOT NULL PRIMARY KEY,
    code           VARCHAR(20)  NOT NULL,
    title          VARCHAR(200),
    max_punishment VARCHAR(10),
    is_capital     BOOLEAN
);

CREATE TABLE hearing_purpose (
    id   INTEGER     NOT NULL PRIMARY KEY,
    name VARCHAR(60) NOT NULL
);

CREATE TABLE case_file (
    id                BIGINT       NOT NULL PRIMARY KEY,
    police_station_id INTEGER      NOT NULL REFERENCES police_station (id),
    fir_number        INTEGER      NOT NULL,
    fir_year          INTEGER      NOT NULL,
    fir_date          DATE,
    court_id          INTEGER      REFERENCES court (id),
    court_case_no     VARCHAR(30),
    challan_type      VARCHAR(10),
    challan_date      DATE,
    status            VARCHAR(20),
    prosecutor_name   VARCHAR(120),
    -- The FIR screen's sections as entered, a comma list of offence_section ids (case_section holds them too).
    section_ids       VARCHAR(200),
    created_at        TIMESTAMP(6) NOT NULL,
    updated_at        TIMESTAMP(6) NOT NULL
);

CREATE TABLE case_section (
    case_id    BIGINT  NOT NULL REFERENCES case_file (id),
    section_id INTEGER NOT NULL REFERENCES offence_section (id),
    PRIMARY KEY (case_id, section_id)
);

CREATE TABLE accused (
    id            BIGINT       NOT NULL PRIMARY KEY,
    case_id       BIGINT       NOT NULL REFERENCES case_file (id),
    full_name     VARCHAR(120) NOT NULL,
    relative_name VARCHAR(120),
    relation      VARCHAR(3),
    gender_id     INTEGER,
    cnic          VARCHAR(13),
    age           INTEGER,
    in_custody    BOOLEAN,
    arrest_date   DATE,
    -- Prosecution's record of a previous conviction for an offence punishable with death or life, and of a court's
    -- finding that the accused is a hardened, desperate or dangerous criminal (CrPC s.497(1), 4th proviso).
    previous_conviction BOOLEAN,
    dangerous     BOOLEAN,
    updated_at    TIMESTAMP(6) NOT NULL
);

CREATE TABLE hearing (
    id                BIGINT       NOT NULL PRIMARY KEY,
    case_id           BIGINT       NOT NULL REFERENCES case_file (id),
    court_id          INTEGER      NOT NULL REFERENCES court (id),
    hearing_date      DATE         NOT NULL,
    purpose_id        INTEGER      REFERENCES hearing_purpose (id),
    outcome           VARCHAR(40),
    adjourned_by      VARCHAR(20),
    next_hearing_date DATE,
    -- Whether the jail produced the accused: PRODUCED, NOT_PRODUCED or VIDEO_LINK, and why not.
    production        VARCHAR(15),
    non_production_reason VARCHAR(80),
    created_at        TIMESTAMP(6) NOT NULL,
    updated_at        TIMESTAMP(6) NOT NULL
);

CREATE INDEX hearing_updated_ix ON hearing (updated_at, id);

CREATE TABLE court_order (
    id            BIGINT        NOT NULL PRIMARY KEY,
    case_id       BIGINT        NOT NULL REFERENCES case_file (id),
    accused_id    BIGINT        REFERENCES accused (id),
    order_date    DATE          NOT NULL,
    order_type    VARCHAR(20)   NOT NULL,
    surety_amount DECIMAL(12, 2),
    updated_at    TIMESTAMP(6)  NOT NULL
);

-- Inbox written by the bus: custody episodes received from the prisons.
CREATE TABLE pmis_custody_inbox (
    jail_code         VARCHAR(10)  NOT NULL,
    admission_id      BIGINT       NOT NULL,
    jail_name         VARCHAR(120),
    prisoner_number   VARCHAR(24),
    prisoner_name     VARCHAR(120),
    relative_name     VARCHAR(120),
    relation          VARCHAR(12),
    gender            VARCHAR(12),
    cnic              VARCHAR(13),
    age               INTEGER,
    juvenile          BOOLEAN,
    fir_key           VARCHAR(40),
    sections          VARCHAR(300),
    arrested_on       DATE,
    admitted_on       DATE,
    custody_status    VARCHAR(20),
    released_on       DATE,
    release_reason    VARCHAR(60),
    rabta_version     BIGINT,
    rabta_hash        VARCHAR(64),
    rabta_received_at TIMESTAMP(6),
    PRIMARY KEY (jail_code, admission_id)
);

-- Inbox written by the bus: alerts on under-trial prisoners, for the prosecutor.
CREATE TABLE utp_alert_inbox (
    alert_id          VARCHAR(500) NOT NULL PRIMARY KEY,
    rule_code         VARCHAR(60)  NOT NULL,
    title             VARCHAR(200),
    status            VARCHAR(10)  NOT NULL,
    alert_state       VARCHAR(10),
    due_on            DATE,
    jail_code         VARCHAR(20),
    prisoner_number   VARCHAR(24),
    fir_key           VARCHAR(40),
    cfms_accused_id   BIGINT,
    summary           VARCHAR(1000),
    legal_basis       VARCHAR(1000),
    facts             VARCHAR(4000),
    rabta_version     BIGINT,
    rabta_hash        VARCHAR(64),
    rabta_received_at TIMESTAMP(6)
);
