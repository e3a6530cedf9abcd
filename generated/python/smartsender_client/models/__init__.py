"""Contains all the data models used in inputs/outputs"""

from .channel import Channel
from .chat import Chat
from .contact import Contact
from .contact_page import ContactPage
from .create_gate_request import CreateGateRequest
from .create_gate_request_parameters import CreateGateRequestParameters
from .cursor import Cursor
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .fire_event_request import FireEventRequest
from .funnel import Funnel
from .gate import Gate
from .gate_page import GatePage
from .note import Note
from .service_contact import ServiceContact
from .simple_contact import SimpleContact
from .state_result import StateResult
from .tag import Tag
from .unverified_error_response import UnverifiedErrorResponse
from .update_contact_request import UpdateContactRequest
from .update_contact_request_values import UpdateContactRequestValues
from .user import User
from .variable import Variable

__all__ = (
    "Channel",
    "Chat",
    "Contact",
    "ContactPage",
    "CreateGateRequest",
    "CreateGateRequestParameters",
    "Cursor",
    "ErrorDetail",
    "ErrorResponse",
    "FireEventRequest",
    "Funnel",
    "Gate",
    "GatePage",
    "Note",
    "ServiceContact",
    "SimpleContact",
    "StateResult",
    "Tag",
    "UnverifiedErrorResponse",
    "UpdateContactRequest",
    "UpdateContactRequestValues",
    "User",
    "Variable",
)
